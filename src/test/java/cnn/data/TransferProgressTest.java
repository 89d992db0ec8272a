package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransferProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void terminalRedrawsOneLineWithBytesPercentSpeedAndEta() {
        TransferProgress p = new TransferProgress(out, true, "blob.bin", 10_000_000, 0, () -> now);
        now = 1_000_000_000L;
        p.advance(2_500_000);
        assertEquals("\rblob.bin [######..................] 2.5 MB of 10.0 MB ( 25%), 2.5 MB/s, ETA 0:03   ", text());
        now = 4_000_000_000L;
        p.advance(7_500_000);
        p.finish();
        assertTrue(text().endsWith("\rblob.bin [########################] 10.0 MB of 10.0 MB (100%), 2.5 MB/s, done in 4.0 s   \n"),
                text());
    }

    @Test
    void plainOutputPrintsAFewWholeLines() {
        TransferProgress p = new TransferProgress(out, false, "blob.bin", 10_000_000, 4_000_000, () -> now);
        for (int second = 1; second <= 6; second++) {
            now = second * 1_000_000_000L;
            p.advance(1_000_000);
        }
        p.finish();
        assertEquals("""
                blob.bin: resuming at 4.0 MB of 10.0 MB
                blob.bin: 9.0 MB of 10.0 MB ( 90%), 1.0 MB/s, ETA 0:01
                blob.bin: 10.0 MB of 10.0 MB (100%), 1.0 MB/s, done in 6.0 s
                """, text());
    }
}
