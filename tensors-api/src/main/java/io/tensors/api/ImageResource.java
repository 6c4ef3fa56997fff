package io.tensors.api;

/**
 * A resource (model, LoRA...) an example image says it was made with ({@code meta.resources}).
 *
 * @param name the resource name, or null
 * @param type its type (model, lora...), or null
 * @param weight its weight, or null
 * @param hash its short hash (uppercase), or null
 */
public record ImageResource(String name, String type, Double weight, String hash) {}
