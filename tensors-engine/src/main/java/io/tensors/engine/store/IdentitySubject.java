package io.tensors.engine.store;

/**
 * A file whose identity must be made again (a changed rule set, a moved file, a row from before identities).
 *
 * @param format the id of the format its content showed
 * @param tensorDigest the stored digest; null when never made (the header must be read once)
 */
public record IdentitySubject(long id, String filePath, long fileSize, String format, byte[] tensorDigest) {}
