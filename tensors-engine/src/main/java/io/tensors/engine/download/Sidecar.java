package io.tensors.engine.download;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small file next to a {@code .part} that makes it resumable: which URL and which bytes it holds
 * (the server's validators), the expected size and SHA256, and the name the server gave.
 *
 * @param size the whole file's size as the server said it
 * @param etag the server's ETag, or null
 * @param lastModified the server's Last-Modified, or null
 * @param name the safe name from Content-Disposition, or null
 */
record Sidecar(String url, long size, String sha256, String etag, String lastModified, String name) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    Sidecar {
        Objects.requireNonNull(url, "url");
    }

    /** @return what If-Range should send: the ETag when it is strong, else Last-Modified, else null */
    String validator() {
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return lastModified;
    }

    /** @return whether the part was for this plan's file */
    boolean isFor(DownloadPlan plan) {
        return url.equals(plan.url().toString()) && Objects.equals(sha256, plan.sha256());
    }

    /** @return the sidecar, or null when it is absent or unreadable (then the part starts again) */
    static Sidecar read(Path file) {
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), Sidecar.class) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, JSON.writeValueAsBytes(this));
        } catch (JacksonException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
