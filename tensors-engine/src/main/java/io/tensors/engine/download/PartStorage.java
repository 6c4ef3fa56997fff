package io.tensors.engine.download;

import io.tensors.engine.scan.PageCache;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the bytes of a {@code .part} go: the disk, or in tests a disk that fills up. */
interface PartStorage {
    PartStorage DISK = new PartStorage() {
        @Override
        public Writer open(Path part) throws IOException {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            PageCache.WriteBehind behind = PageCache.writeBehind(part);
            return new Writer() {
                @Override
                public void write(ByteBuffer bytes, long position) throws IOException {
                    while (bytes.hasRemaining()) {
                        position += channel.write(bytes, position);
                    }
                    behind.written(position);
                }

                @Override
                public void truncate(long size) throws IOException {
                    channel.truncate(size);
                    behind.truncated(size);
                }

                @Override
                public void force() throws IOException {
                    channel.force(true);
                }

                @Override
                public void close() throws IOException {
                    try (behind) {
                        channel.close();
                    }
                }
            };
        }

        @Override
        public long usableSpace(Path folder) throws IOException {
            return Files.getFileStore(folder).getUsableSpace();
        }
    };

    Writer open(Path part) throws IOException;

    long usableSpace(Path folder) throws IOException;

    interface Writer extends Closeable {
        /** Writes all the buffer's remaining bytes at the position. */
        void write(ByteBuffer bytes, long position) throws IOException;

        void truncate(long size) throws IOException;

        /** The bytes reach the disk before the part is renamed into place. */
        void force() throws IOException;
    }
}
