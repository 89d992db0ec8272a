package cnn.io;

import cnn.report.Tables;
import cnn.train.Trainer;
import org.nd4j.linalg.factory.Nd4j;

/** A deliberate wrong-way dependency (the leaf on report, a service, ND4J and tablesaw) that ArchitectureTest must reject. */
public final class WrongWay {
    private WrongWay() {}

    static Object uses() {
        return new Object[] {Tables.Format.CSV, Trainer.Status.COMPLETED, Nd4j.class,
            tech.tablesaw.api.Table.create("t")};
    }
}
