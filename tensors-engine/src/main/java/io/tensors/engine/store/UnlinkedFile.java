package io.tensors.engine.store;

/** A local file without a CivitAI link, with the two hashes a lookup uses (AutoV3 may be null). */
public record UnlinkedFile(long id, String filePath, String sha256, String autoV3) {}
