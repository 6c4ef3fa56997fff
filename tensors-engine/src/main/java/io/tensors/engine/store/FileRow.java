package io.tensors.engine.store;

/** One {@code version_files} row. */
public record FileRow(Long civitaiId, String name, Double sizeKb, String format, String fp, String sizeType,
        String type, boolean primary, String downloadUrl, String pickleScanResult, String pickleScanMessage,
        String virusScanResult, String virusScanMessage, String scannedAt) {}
