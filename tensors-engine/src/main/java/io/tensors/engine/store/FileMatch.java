package io.tensors.engine.store;

/** A local file found by path or hash; {@code hashType}/{@code hashValue} say which hash matched (null for a path). */
public record FileMatch(long id, String filePath, Long civitaiVersionId, String hashType, String hashValue) {}
