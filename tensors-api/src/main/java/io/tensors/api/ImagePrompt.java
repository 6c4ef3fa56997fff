package io.tensors.api;

import java.util.List;

/**
 * The generation parameters of one cached example image (CivitAI's {@code meta}). Every field but
 * the ids, the url and the resources is null when the image does not give it; numbers that CivitAI
 * sent as text that is not a number are null too.
 *
 * @param versionId the CivitAI version the image belongs to
 * @param versionName that version's name
 * @param imageUrl the image's url
 * @param prompt {@code prompt}
 * @param negativePrompt {@code negativePrompt}
 * @param sampler {@code sampler}
 * @param cfgScale {@code cfgScale}
 * @param steps {@code steps}
 * @param seed {@code seed}
 * @param size {@code Size} ("832x1216"), or else the image's width x height
 * @param resources {@code meta.resources} in order, never null
 */
public record ImagePrompt(
        long versionId,
        String versionName,
        String imageUrl,
        String prompt,
        String negativePrompt,
        String sampler,
        Double cfgScale,
        Long steps,
        Long seed,
        String size,
        List<ImageResource> resources) {
    public ImagePrompt {
        resources = List.copyOf(resources);
    }
}
