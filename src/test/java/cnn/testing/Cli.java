package cnn.testing;

import cnn.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs `cnn` in-process through picocli and captures what it prints. */
public record Cli(int status, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(status, out.toString(), err.toString());
    }
}
