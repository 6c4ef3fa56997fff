package io.tensors.engine.store;

/** The few model fields a standalone version body carries in its {@code model{}} object. */
public record ModelStub(long civitaiId, String name, String type, Boolean nsfw, Boolean poi, String mode) {}
