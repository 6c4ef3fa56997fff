package io.tensors.shell;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs tsr command lines read from stdin (one a line, arguments separated by tabs) in one JVM, so that a test
 * can run many of them in a process of its own (another user's rights) without starting a JVM for each. Prints
 * for each line {@code === EXIT}, then its stdout, then {@code --- stderr} and its stderr.
 */
final class CliBatch {
    private CliBatch() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter report = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), System.getenv(), false),
                    line.split("\t"));
            report.print("=== " + exit + "\n" + out + "--- stderr\n" + err);
            report.flush();
        }
    }
}
