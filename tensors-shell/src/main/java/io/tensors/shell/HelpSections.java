package io.tensors.shell;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Groups each command's options in its help by what they are for: the command's own, filters,
 * output, the catalog (the options every command inherits) and help. The group is where an option
 * is declared ({@link ListFilters}, {@link Output}...), so a new command gets its headings for free.
 */
final class HelpSections {
    private HelpSections() {}

    /** Applies the grouped option list to the command and every command under it. */
    static void apply(CommandLine command) {
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::options);
        command.getSubcommands().values().forEach(HelpSections::apply);
    }

    private static String options(CommandLine.Help help) {
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        for (String heading : List.of("Options", "Filters", "Output", "Catalog", "Help")) {
            groups.put(heading, new ArrayList<>());
        }
        for (OptionSpec option : help.commandSpec().options()) {
            if (!option.hidden()) {
                groups.get(group(option)).add(option);
            }
        }
        StringBuilder text = new StringBuilder();
        groups.forEach((heading, options) -> {
            if (!options.isEmpty()) {
                text.append(String.format("%n%s:%n", heading));
                text.append(help.optionListExcludingGroups(options, help.createDefaultLayout(), help.createDefaultOptionSort(),
                        help.parameterLabelRenderer()));
            }
        });
        return text.toString();
    }

    private static String group(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return "Help";
        }
        Class<?> declaring = option.userObject() instanceof Field field ? field.getDeclaringClass() : null;
        while (declaring != null && declaring.getEnclosingClass() != null) {
            declaring = declaring.getEnclosingClass(); // ListFilters.State's --linked is a filter
        }
        if (declaring == ListFilters.class) {
            return "Filters";
        }
        if (declaring == Output.class || declaring == JsonOption.class) {
            return "Output";
        }
        if (declaring == TsrCommand.class) {
            return "Catalog";
        }
        return "Options";
    }
}
