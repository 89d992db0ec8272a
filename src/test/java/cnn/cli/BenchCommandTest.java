package cnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.SpecReader;
import cnn.testing.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void trainsLeNetAndReportsEveryField() throws Exception {
        Cli json = Cli.run("bench", "lenet5_mnist", "--batch", "8", "--threads", "1", "--seconds", "0", "--warmup", "2",
                "--warmup-seconds", "0.2", "--jit-wait", "0", "--layers", "--format", "json");
        assertEquals(0, json.status(), json.err());
        JsonNode r = SpecReader.jsonMapper().readTree(json.out());
        assertEquals("lenet5_mnist", r.get("model").asText());
        assertEquals("train", r.get("mode").asText());
        assertEquals(1, r.get("threads").asInt());
        assertTrue(r.get("steps").asInt() >= 5);
        assertTrue(r.get("warmup_steps").asInt() >= 2, "at least --warmup steps, then until --warmup-seconds");
        assertTrue(r.get("warmup_seconds").asDouble() >= 0.2, r.toString());
        assertEquals("not waited for", r.get("jit").asText(), "--jit-wait 0, and the JIT is busy at start");
        assertTrue(r.get("images_per_second_median").asDouble() > 0);
        assertTrue(r.get("memory").get("peak_rss_bytes").asLong() > 0);
        assertEquals(4, r.get("phases").size(), "forward, loss, backward, optimizer");
        assertEquals("conv1", r.get("layers").get(0).get("path").asText());
        assertEquals("conv5x5", r.get("layers").get(0).get("kind").asText());
        assertEquals(12, r.get("layers").size(), "every primitive layer of LeNet-5");
    }

    @Test
    void inferenceTableAndCsv() {
        Cli table = Cli.run("bench", "lenet5_mnist", "--batch", "4", "--mode", "infer", "--seconds", "0", "--warmup-seconds", "0", "--jit-wait", "0",
                "--layers");
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("images/s:") && table.out().contains("per layer kind"), table.out());
        Cli csv = Cli.run("bench", "lenet5_mnist", "--batch", "4", "--mode", "infer", "--seconds", "0", "--warmup-seconds", "0", "--jit-wait", "0",
                "--format", "csv");
        assertEquals(2, csv.out().lines().count(), csv.out());
        assertTrue(csv.out().startsWith("model,mode,batch,threads,steps,img_s_median"), csv.out());
    }

    @Test
    void loaderOnSyntheticImages() throws Exception {
        Cli r = Cli.run("bench", "--loader", "cifar10", "--synthetic", "--augment", "cifar", "--batch", "16",
                "--batches", "3", "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = SpecReader.jsonMapper().readTree(r.out());
        assertEquals(48, j.get("images").asInt());
        assertTrue(j.get("images_per_second").asDouble() > 0);
    }

    @Test
    void modelOrLoaderNotBoth() {
        assertEquals(2, Cli.run("bench").status());
        assertEquals(2, Cli.run("bench", "lenet5_mnist", "--loader", "mnist").status());
        assertEquals(2, Cli.run("bench", "lenet5_mnist", "--threads", "0").status());
        assertEquals(2, Cli.run("bench", "lenet5_mnist", "--warmup-seconds", "-1").status());
        assertEquals(2, Cli.run("bench", "no_such_model").status());
    }
}
