package cnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/** Ctrl-C during training: the first asks the run to stop after the current batch, the second ends the process. */
final class Interrupts {
    private Interrupts() {}

    static void onCtrlC(AtomicBoolean stop, PrintWriter err) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (stop.getAndSet(true)) {
                    Runtime.getRuntime().halt(130);
                }
                err.println("\ncnn: stopping after this batch (the last checkpoint is kept); Ctrl-C again to quit now");
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            // no SIGINT on this platform: Ctrl-C ends the process as usual
        }
    }
}
