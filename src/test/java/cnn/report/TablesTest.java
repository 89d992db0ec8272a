package cnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    private static final List<String> COLS = List.of("epoch", "loss", "lr", "name");
    private static final List<Object[]> ROWS = List.of(new Object[] {1, 0.670907705534, 0.000245, "a"},
            new Object[] {12, 838.6048020240111, null, "bb"});

    @Test
    void consoleShowsDecimalsToFourSignificantDigits() {
        String out = Tables.console("t", COLS, ROWS);
        assertTrue(out.contains("0.6709") && out.contains("0.000245") && out.contains("838.6"), out);
        assertTrue(!out.contains("0.670907"), out);
    }

    @Test
    void csvKeepsFullPrecisionAndIsWrittenAtomically(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.csv");
        Tables.writeCsv("t", COLS, ROWS, f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("epoch,loss,lr,name", lines.get(0));
        assertEquals("1,0.670907705534,2.45E-4,a", lines.get(1));
        assertEquals("12,838.6048020240111,,bb", lines.get(2));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
