package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The original tsr's {@code --api-key} for one run: typed at a prompt (not echoed), or read from standard
 * input or a file descriptor, so that it never lands in the shell history; a key written on the command line
 * still works, with a warning. A picocli mixin.
 */
final class ApiKeyOption {
    private static final String ASK = "\u0000ask";

    @Option(names = "--api-key", arity = "0..1", fallbackValue = ASK, paramLabel = "KEY",
            description = {"The CivitAI API key for this run, instead of CIVITAI_API_KEY or the config: alone it is asked"
                    + " for (not echoed), or read from the first line of standard input when that is not a terminal;",
                "a KEY written here works but stays in your shell history."})
    String apiKey;

    @Option(names = "--api-key-fd", paramLabel = "FD", description = "Read the CivitAI API key from this open file descriptor (e.g. 3 with '3< keyfile').")
    Integer fd;

    /** @return the key given for this run, or null when none was */
    String key(Environment env) {
        return key(env, "--api-key");
    }

    /** @param option the option the key was given with, named in the warning and errors */
    String key(Environment env, String option) {
        String key;
        if (fd != null) {
            key = firstLine(Path.of("/proc/self/fd/" + fd), "file descriptor " + fd);
        } else if (apiKey == null) {
            return null;
        } else if (apiKey.equals(ASK)) {
            var console = System.console();
            if (console != null && console.isTerminal()) {
                char[] typed = console.readPassword("CivitAI API key: ");
                key = typed == null ? null : new String(typed);
            } else {
                key = firstLine(System.in);
            }
        } else {
            env.err().println("tsr: warning: an API key written on the command line stays in your shell history;"
                    + " next time give " + option + " alone (it is asked for)"
                    + (option.equals("--api-key") ? " or --api-key-fd" : ""));
            env.err().flush();
            key = apiKey;
        }
        if (key == null || key.isBlank()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, option + ": no key was given (an empty line); type the key,"
                    + " or leave " + option + " out");
        }
        return key.strip();
    }

    private static String firstLine(Path path, String what) {
        if (!Files.exists(path)) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--api-key-fd: " + what + " is not open; open it"
                    + " with e.g. '3< keyfile'");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return firstLine(in);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--api-key-fd: cannot read " + what + ": " + e.getMessage());
        }
    }

    private static String firstLine(InputStream in) {
        try {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--api-key: cannot read the key from standard input: " + e.getMessage());
        }
    }
}
