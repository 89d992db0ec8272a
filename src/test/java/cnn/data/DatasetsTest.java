package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    static List<DatasetSpec> all() {
        return Datasets.ALL;
    }

    @Test
    void namesAreUniqueAndResolve() {
        assertEquals(List.of("mnist", "fashion-mnist", "cifar10"), Datasets.names());
        for (DatasetSpec spec : Datasets.ALL) {
            assertSame(spec, Datasets.get(spec.name()));
        }
    }

    @ParameterizedTest
    @MethodSource("all")
    void everySpecIsComplete(DatasetSpec spec) {
        assertEquals(10, spec.numClasses());
        assertEquals(spec.numClasses(), Set.copyOf(spec.classNames()).size());
        assertEquals(spec.channels(), spec.stats().channels());
        Set<String> names = spec.files().stream().map(DatasetSpec.RemoteFile::name).collect(Collectors.toSet());
        assertEquals(spec.files().size(), names.size());
        for (DatasetSpec.RemoteFile f : spec.files()) {
            assertTrue(f.size() > 0);
            assertTrue(f.url().toString().endsWith("/" + f.name()), f.url().toString());
        }
        for (Split split : Split.values()) {
            int expected = spec.format() == DatasetSpec.Format.IDX ? 2 : 1;
            assertEquals(expected, spec.filesFor(split).size(), split.toString());
        }
    }
}
