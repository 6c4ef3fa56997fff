package io.tensors.engine.scan;

import io.tensors.engine.safetensors.SafetensorsParser;
import java.util.Set;

/**
 * A file format the scan catalogs: the file-name endings the walk takes and how the reader gets the
 * header. The scan knows of safetensors only through {@link #SAFETENSORS}.
 *
 * @param name how messages name the format ("not a safetensors file")
 * @param endings the file-name endings, lowercase, with their dot
 */
record ModelFormat(String name, Set<String> endings, HeaderReader headers) {
    static final ModelFormat SAFETENSORS = new ModelFormat("safetensors", Set.of(".safetensors"), SafetensorsParser::read);

    ModelFormat {
        endings = Set.copyOf(endings);
    }

    /** @return the endings as a user would type them: {@code *.safetensors} */
    String patterns() {
        return String.join(", ", endings.stream().sorted().map(e -> "*" + e).toList());
    }
}
