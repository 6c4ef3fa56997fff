package io.tensors.api;

/** Makes a {@link ModelSource} from its settings; contributed through {@link TensorsPlugin#modelSources()}. */
public interface ModelSourceFactory {
    /** @return a short lower-case id, unique among all plugins, such as {@code civitai} */
    String id();

    /**
     * @return true when the source uses the network; remote sources are not created with --offline
     */
    boolean remote();

    /**
     * @param context the settings, never null
     * @return a new source, never null
     */
    ModelSource create(SourceContext context);

    /**
     * @return the order in which sources are asked (lower first); local sources before remote ones
     *     by default
     */
    default int priority() {
        return remote() ? 100 : 10;
    }
}
