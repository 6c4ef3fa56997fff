package io.tensors.engine.store;

/** One version known on its own (a version or by-hash lookup), with the few model fields it carries. */
public record StandaloneVersion(SourceResponse response, ModelStub model, VersionEntry version) {}
