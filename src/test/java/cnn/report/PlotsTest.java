package cnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path run;

    @Test
    void drawsEachCurveAsAPngOfTheAskedSize() throws IOException {
        Files.writeString(run.resolve("metrics.csv"), """
                epoch,train_loss,train_acc,val_loss,val_acc,lr
                1,0.9,0.7,0.8,0.72,0.1
                2,0.5,0.82,0.6,0.8,0.01
                3,0.4,0.86,,,0.001
                """);
        Cli r = Cli.run("plot", run.toString(), "--width", "640", "--height", "400");
        assertEquals(0, r.status(), r.err());
        for (String name : new String[] {"loss.png", "accuracy.png", "lr.png"}) {
            BufferedImage img = ImageIO.read(run.resolve(name).toFile());
            assertEquals(640, img.getWidth(), name);
            assertEquals(400, img.getHeight(), name);
            assertTrue(r.out().contains(name));
        }
    }

    @Test
    void aDirectoryWithoutMetricsIsBadInput() {
        Cli r = Cli.run("plot", run.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("metrics.csv") && r.err().contains("no such file"), r.err());
    }
}
