package dcloud.storage.client;

import dcloud.storage.crypt.SegmentCipher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The last stage of a get: hashes the object's plaintext (SHA-256) and writes it to the output on a
 * thread of its own, while the caller decrypts the next chunks into the other batches.
 *
 * <p>Why: the decoding thread bounds a get. Decrypting a 64 MiB segment, hashing it and writing it
 * took it 110-190 ms, of which hashing and writing are more than half, while the machine had a
 * quarter of its cores idle. Chunks travel in batches of {@link #BATCH_BYTES} so the two threads
 * meet once per batch, not once per 64 KiB chunk; at most {@link #BATCHES} batches exist.
 */
final class ObjectWriter implements PlainSink, AutoCloseable {
    static final int BATCH_BYTES = 16 * SegmentCipher.CHUNK_SIZE_BYTES;
    static final int BATCHES = 8;
    /** How long {@link #finish()} waits for the writer to drain what is queued (at most BATCHES MiB). */
    static final long DRAIN_TIMEOUT_MS = 60_000;

    private record Batch(byte[] bytes, int length) {}

    private static final Batch END = new Batch(new byte[0], 0);

    private final OutputStream out;
    private final MessageDigest digest;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Thread writer;
    private volatile IOException failure;
    private byte[] current;
    private int current_bytes;

    ObjectWriter(OutputStream out, MessageDigest digest) {
        this.out = out;
        this.digest = digest;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new byte[BATCH_BYTES]);
        }
        this.writer = Thread.ofPlatform().daemon().name("object-writer").start(this::drain);
    }

    @Override
    public Room room() throws IOException {
        throwIfFailed();
        if (current == null) {
            current = take();
            current_bytes = 0;
        }
        return new Room(current, current_bytes);
    }

    @Override
    public void filled(int length) throws IOException {
        assert current != null && length >= 0 && length <= SegmentCipher.CHUNK_SIZE_BYTES : "chunk of " + length + " bytes";
        current_bytes += length;
        if (BATCH_BYTES - current_bytes < SegmentCipher.CHUNK_SIZE_BYTES) {
            handOver();
        }
    }

    /** Waits until every byte is hashed and written; returns the SHA-256 of everything filled. */
    byte[] finish() throws IOException {
        throwIfFailed();
        if (current != null) {
            handOver();
        }
        put(END);
        try {
            writer.join(DRAIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the object");
        }
        if (writer.isAlive()) {
            throw new IOException("writing the object's last " + BATCHES + " MiB did not finish within " + DRAIN_TIMEOUT_MS + " ms");
        }
        throwIfFailed();
        return digest.digest();
    }

    /**
     * Stops the writer thread if it still runs (a failed get, or a drain that timed out); whatever
     * was not yet written is dropped, and the caller deletes the partial file.
     */
    @Override
    public void close() {
        writer.interrupt();
    }

    private void handOver() throws IOException {
        put(new Batch(current, current_bytes));
        current = null;
    }

    private void drain() {
        try {
            for (Batch batch = full.take(); batch != END; batch = full.take()) {
                if (failure == null) {
                    write(batch);
                }
                free.add(batch.bytes());
            }
        } catch (InterruptedException e) {
            // close() before finish(): the get failed and nothing more is written.
        }
    }

    /** A failed write is kept for the decoding thread to throw; later batches are passed back unwritten. */
    private void write(Batch batch) {
        try {
            digest.update(batch.bytes(), 0, batch.length());
            out.write(batch.bytes(), 0, batch.length());
        } catch (IOException e) {
            failure = e;
        }
    }

    private byte[] take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the object");
        }
    }

    private void put(Batch batch) throws IOException {
        try {
            full.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the object");
        }
    }

    private void throwIfFailed() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing the object failed: " + e.getMessage(), e);
        }
    }
}
