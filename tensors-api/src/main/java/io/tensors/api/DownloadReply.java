package io.tensors.api;

import java.io.InputStream;
import java.util.Objects;

/** What a {@link ModelSource} answers when asked for the bytes of a file, from an offset. */
public sealed interface DownloadReply {
    /**
     * The body is coming: from {@code start} when the server honoured the range (HTTP 206), else from 0.
     *
     * @param start the offset of the body's first byte (0 when the whole file comes)
     * @param totalSize the whole file's size, or -1 when the server did not say
     * @param etag the server's {@code ETag}, or null
     * @param lastModified the server's {@code Last-Modified}, or null
     * @param contentDisposition the server's {@code Content-Disposition}, or null
     * @param body the bytes from {@code start}; the caller closes it (closing early cancels the transfer),
     *     and may close it from another thread to end a stalled read
     */
    record Opened(long start, long totalSize, String etag, String lastModified, String contentDisposition,
            InputStream body) implements DownloadReply {
        /** @throws NullPointerException when body is null */
        public Opened {
            Objects.requireNonNull(body, "body");
        }
    }

    /** HTTP 416: the range asked for is not in the file (it changed, or the part is longer); start again from 0. */
    record RangeNotSatisfiable() implements DownloadReply {}

    /** @param reason one line: what failed and what to do, never containing the API key */
    record Failed(String reason) implements DownloadReply {
        /** @throws NullPointerException when reason is null */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** This source does not serve files. */
    record Unsupported() implements DownloadReply {}
}
