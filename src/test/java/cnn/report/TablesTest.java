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
        cnn.io.Csv.write(f, COLS, ROWS);
        List<String> lines = Files.readAllLines(f);
        assertEquals("epoch,loss,lr,name", lines.get(0));
        assertEquals("1,0.670907705534,2.45E-4,a", lines.get(1));
        assertEquals("12,838.6048020240111,,bb", lines.get(2));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    /**
     * The run files are written by {@link cnn.io.Csv} without tablesaw; they must read as tablesaw writes the same rows
     * (metrics.csv stays byte-identical): decimals, integers, missing values, NaN, text with commas, no rows. (Text
     * with a quote differs: Csv quotes it as RFC 4180 says, tablesaw leaves it bare.)
     */
    @Test
    void plainCsvIsWhatTablesawWrites() {
        List<List<Object[]>> cases = List.of(ROWS,
                List.of(new Object[] {3, Double.NaN, 1e-7, "x,y"}, new Object[] {4L, -0.0, 123456789.125, "say"},
                        new Object[] {5, 1.0, null, ""}),
                List.of(new Object[] {1, null, 0.1, "a"}, new Object[] {2, null, 0.01, "b"}),
                List.of());
        for (List<Object[]> rows : cases) {
            assertEquals(Tables.csv(Tables.of("t", COLS, rows)), cnn.io.Csv.of(COLS, rows));
        }
        assertEquals("epoch,loss,lr,name\n1,2.0,3.0,\"say \"\"hi\"\"\"\n",
                cnn.io.Csv.of(COLS, List.<Object[]>of(new Object[] {1, 2.0, 3.0, "say \"hi\""})));
    }
}
