package dcloud.chain.mempool;

import dcloud.ledger.tx.SignedTx;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Admitted, signature-checked transactions waiting for a block, first in first out. Bounded in
 * count and in bytes: when full, {@link #offer} says so and the API answers "busy" instead of the
 * node running out of memory. The byte bound is what {@code size_max} txs of the ordinary 4 KiB limit
 * would hold, so proof batches (up to 128 KiB each) cannot raise the memory a full mempool takes.
 */
public final class Mempool {
    public enum Admission { ACCEPTED, ALREADY_PENDING, FULL }

    private final int size_max;
    private final long held_bytes_max;
    private long bytes;
    private final ArrayDeque<SignedTx> queue = new ArrayDeque<>();
    private final Set<String> pending_hashes = new HashSet<>();

    public Mempool(int size_max) {
        if (size_max <= 0) {
            throw new IllegalArgumentException("mempool size_max must be positive");
        }
        this.size_max = size_max;
        this.held_bytes_max = (long) size_max * SignedTx.SIZE_BYTES_MAX;
    }

    public synchronized Admission offer(SignedTx tx) {
        // An empty mempool takes any one tx, so a small size_max never shuts out a 128 KiB proof batch.
        if (queue.size() >= size_max || (!queue.isEmpty() && bytes + tx.sizeBytes() > held_bytes_max)) {
            return Admission.FULL;
        }
        if (!pending_hashes.add(tx.hashHex())) {
            return Admission.ALREADY_PENDING;
        }
        queue.addLast(tx);
        bytes += tx.sizeBytes();
        notifyAll();
        return Admission.ACCEPTED;
    }

    /** Takes up to {@code count_max} transactions totalling at most {@code bytes_max}, oldest first. */
    public synchronized List<SignedTx> take(int count_max, long bytes_max) {
        List<SignedTx> out = new ArrayList<>(Math.min(count_max, queue.size()));
        long taken_bytes = 0;
        while (out.size() < count_max && !queue.isEmpty() && taken_bytes + queue.peekFirst().sizeBytes() + 4 <= bytes_max) {
            taken_bytes += queue.peekFirst().sizeBytes() + 4;
            SignedTx tx = queue.pollFirst();
            pending_hashes.remove(tx.hashHex());
            bytes -= tx.sizeBytes();
            out.add(tx);
        }
        return out;
    }

    /** Puts transactions back at the front, in their order (a block that was not applied). */
    public synchronized void requeue(List<SignedTx> txs) {
        for (int i = txs.size() - 1; i >= 0; i--) {
            if (pending_hashes.add(txs.get(i).hashHex())) {
                queue.addFirst(txs.get(i));
                bytes += txs.get(i).sizeBytes();
            }
        }
        notifyAll();
    }

    /** Waits up to {@code timeout_ms} until at least {@code count} transactions are pending. */
    public synchronized void awaitAtLeast(int count, long timeout_ms) throws InterruptedException {
        long deadline = System.nanoTime() + timeout_ms * 1_000_000L;
        while (queue.size() < count) {
            long left_ms = (deadline - System.nanoTime()) / 1_000_000L;
            if (left_ms <= 0) {
                return;
            }
            wait(left_ms);
        }
    }

    public synchronized int size() {
        return queue.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public long bytesMax() {
        return held_bytes_max;
    }

    public int sizeMax() {
        return size_max;
    }
}
