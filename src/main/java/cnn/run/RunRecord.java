package cnn.run;

import cnn.data.Downloader;
import cnn.nn.Evaluation;
import cnn.nn.Ops;
import cnn.io.AtomicFile;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** `run.json`: what ran (resolved config, model, data files with checksums), where, with which versions, and how it ended. */
public final class RunRecord {

    public record DataFile(String path, long bytes, String sha256) {
        static DataFile of(Path p) {
            try {
                return new DataFile(p.toAbsolutePath().toString(), Files.size(p), Downloader.sha256(p));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    record Model(String name, String source, long params, long macs) {}

    record Machine(String os, String cpu, int cores, long memoryBytes, String java, String nd4j, boolean onednn,
            int threads) {}

    record Test(long images, double loss, double top1, double top5) {}

    record Json(String cnn, String status, String started, String finished, long seed, JsonNode config, Model model,
            String dataset, List<DataFile> dataFiles, Machine machine, int epochs, Integer bestEpoch, Test test) {}

    private Json json;

    private RunRecord(Json json) {
        this.json = json;
    }

    public static RunRecord start(RunConfig cfg, JsonNode tree, ModelSpec spec, String source, Node root, List<DataFile> files) {
        String version = RunRecord.class.getPackage().getImplementationVersion();
        Machine machine = new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(), memory(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"), nd4jVersion(),
                Ops.libnd4jHasOneDnn(), cfg.threads());
        return new RunRecord(new Json(version == null ? "dev" : version, "running", Instant.now().toString(), null,
                cfg.seed(), tree, new Model(spec.name(), source, root.params(), root.macs()), cfg.dataset(), files, machine, 0,
                null, null));
    }

    public void finish(String status, List<EpochRecord> history, Integer bestEpoch, Evaluation test) {
        Test t = test == null ? null : new Test(test.count(), test.loss(), test.top1(), test.top5());
        json = new Json(json.cnn(), status, json.started(), Instant.now().toString(), json.seed(), json.config(), json.model(),
                json.dataset(), json.dataFiles(), json.machine(), history.size(), bestEpoch, t);
    }

    public void write(Path file) {
        try {
            AtomicFile.write(file, SpecReader.jsonMapper().writeValueAsString(json) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long memory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String nd4jVersion() {
        return Ops.nd4jVersion();
    }
}
