package io.tensors.shell;

import io.tensors.api.ListFilter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The filters of {@code tsr db list} and {@code tsr db export}: a picocli mixin. */
final class ListFilters {
    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Only this type, any case: CivitAI's (Checkpoint, LORA...) or the file's own kind (lora, lycoris, checkpoint, embedding, vae, controlnet...).")
    String type;

    @Option(names = {"-b", "--base"}, paramLabel = "BASE", description = "Only base models containing this, any case (sdxl matches \"SDXL 1.0\"; CivitAI's when linked, else the file's own).")
    String base;

    @Option(names = "--unidentified", description = "Only files whose kind and base model nobody knows (not linked, and neither header nor tensors tell).")
    boolean unidentified;

    @ArgGroup(exclusive = true)
    Link link;

    static final class Link {
        @Option(names = "--linked", description = "Only files linked to a CivitAI version.")
        boolean linked;

        @Option(names = "--unlinked", description = "Only files not linked yet.")
        boolean unlinked;
    }

    @Option(names = "--missing", description = "Only files gone from disk.")
    boolean missing;

    @Option(names = "--unsafe", description = "Only files whose loading could run code nobody checked: pickles whose safety is unknown or dangerous.")
    boolean unsafe;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "NAME",
            description = "Order: name (model name, then path; default), size (largest first) or path.")
    ListFilter.Sort sort;

    ListFilter filter() {
        Boolean linkedOnly = link == null ? null : link.linked ? Boolean.TRUE : link.unlinked ? Boolean.FALSE : null;
        return new ListFilter(type, base, linkedOnly, missing ? Boolean.TRUE : null, sort, unsafe, unidentified);
    }

    boolean any() {
        return type != null || base != null || link != null || missing || unsafe || unidentified;
    }
}
