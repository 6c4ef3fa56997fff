package io.tensors.engine.download;

import io.tensors.engine.scan.HashSession;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes a download on a thread of its own, so that hashing runs behind the network instead of
 * between two reads of it: the network thread fills buffers from a small pool and hands them over in
 * file order; this thread feeds them to the {@link HashSession} and gives them back.
 */
final class HashFeed implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    private static final int BUFFERS = 4;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final HashSession session;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread thread;
    private volatile RuntimeException failure;
    private Map<String, String> hashes;

    HashFeed(HashSession session, String name) {
        this.session = session;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocate(CHUNK));
        }
        this.thread = Thread.ofPlatform().daemon().name("tsr-hash " + name).start(this::run);
    }

    /** @return an empty buffer to fill; waits while the hasher is behind */
    ByteBuffer borrow() throws InterruptedException {
        rethrow();
        ByteBuffer buffer = free.take();
        rethrow();
        return buffer.clear();
    }

    /** Hands over the buffer's bytes from position 0 to its position (the next bytes of the file). */
    void submit(ByteBuffer buffer) throws InterruptedException {
        filled.put(buffer.flip());
    }

    /** Gives back a buffer that was borrowed and not filled. */
    void giveBack(ByteBuffer buffer) {
        free.offer(buffer);
    }

    /** @return every hash, once all the bytes were submitted */
    Map<String, String> finish() throws InterruptedException {
        filled.put(END);
        thread.join();
        rethrow();
        return hashes;
    }

    private void run() {
        try (HashSession.Hashing hashing = session.hashing()) {
            while (true) {
                ByteBuffer buffer = filled.take();
                if (buffer == END) {
                    hashes = session.finish();
                    return;
                }
                session.update(buffer);
                free.put(buffer);
            }
        } catch (InterruptedException e) {
            // closed: the download was abandoned
        } catch (RuntimeException e) {
            failure = e;
            free.clear();
            free.offer(ByteBuffer.allocate(CHUNK)); // wake a waiting borrower, who then sees the failure
        }
    }

    private void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
