package io.tensors.engine.store;

/** A resource (model, LoRA...) an image was generated with; the hash is uppercase. */
public record GenerationResource(String name, String type, String hash, Double weight) {}
