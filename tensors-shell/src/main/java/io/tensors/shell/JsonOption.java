package io.tensors.shell;

import picocli.CommandLine.Option;

/** The one {@code --json} option: a picocli mixin, declared as {@code @Mixin JsonOption json;}. */
final class JsonOption {
    @Option(names = {"-j", "--json"}, description = "Print the result as JSON, for programs (snake_case keys).")
    boolean on;
}
