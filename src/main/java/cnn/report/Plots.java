package cnn.report;

import cnn.io.AtomicFile;
import cnn.io.BadInputException;
import cnn.run.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** `cnn plot`: a run's per-epoch curves (loss, accuracy, learning rate) as PNG files beside its metrics. */
public final class Plots {
    private Plots() {}

    /** Reads the run's metrics and writes its {@link RunDir.Plot} curves into {@code out} (the run's or another directory). */
    public static List<Path> write(RunDir run, RunDir out, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        Path csv = run.metrics();
        if (!Files.isRegularFile(csv)) {
            throw new BadInputException(csv + ": no such file; cnn plot takes a run directory written by cnn train");
        }
        Table t = Table.read().csv(csv.toString());
        if (t.rowCount() == 0) {
            throw new BadInputException(csv + ": no epochs yet");
        }
        double[] epochs = numbers(t.column("epoch"));
        List<Path> written = new ArrayList<>();
        written.add(chart(out.plot(RunDir.Plot.LOSS), "loss", "cross-entropy", epochs, t, List.of("train_loss", "val_loss",
                "test_loss"), width, height, false));
        written.add(chart(out.plot(RunDir.Plot.ACCURACY), "accuracy", "top-1", epochs, t, List.of("train_acc", "val_acc",
                "test_acc"), width, height, false));
        written.add(chart(out.plot(RunDir.Plot.LR), "learning rate", "lr (first step of the epoch)", epochs, t, List.of("lr"),
                width, height, true));
        return written;
    }

    private static Path chart(Path file, String title, String yTitle, double[] epochs, Table t, List<String> columns, int width,
            int height, boolean log) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
                .build();
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setMarkerSize(5);
        for (String name : columns) {
            if (!t.columnNames().contains(name) || t.column(name).countMissing() == t.rowCount()) {
                continue;
            }
            XYSeries s = chart.addSeries(name.replace('_', ' '), epochs, numbers(t.column(name)));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        // XChart appends the extension to the name it is given
        AtomicFile.writeVia(file, ".png", tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG));
        return file;
    }

    private static double[] numbers(Column<?> c) {
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = c.get(i);
            v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return v;
    }
}
