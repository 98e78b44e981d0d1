package dcloud.chain.mempool;

import dcloud.ledger.tx.SignedTx;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Admitted, signature-checked transactions waiting for a block, first in first out. Bounded: when
 * full, {@link #offer} says so and the API answers "busy" instead of the node running out of memory.
 */
public final class Mempool {
    public enum Admission { ACCEPTED, ALREADY_PENDING, FULL }

    private final int size_max;
    private final ArrayDeque<SignedTx> queue = new ArrayDeque<>();
    private final Set<String> pending_hashes = new HashSet<>();

    public Mempool(int size_max) {
        if (size_max <= 0) {
            throw new IllegalArgumentException("mempool size_max must be positive");
        }
        this.size_max = size_max;
    }

    public synchronized Admission offer(SignedTx tx) {
        if (queue.size() >= size_max) {
            return Admission.FULL;
        }
        if (!pending_hashes.add(tx.hashHex())) {
            return Admission.ALREADY_PENDING;
        }
        queue.addLast(tx);
        notifyAll();
        return Admission.ACCEPTED;
    }

    /** Takes up to {@code count_max} transactions totalling at most {@code bytes_max}, oldest first. */
    public synchronized List<SignedTx> take(int count_max, long bytes_max) {
        List<SignedTx> out = new ArrayList<>(Math.min(count_max, queue.size()));
        long bytes = 0;
        while (out.size() < count_max && !queue.isEmpty() && bytes + queue.peekFirst().sizeBytes() + 4 <= bytes_max) {
            bytes += queue.peekFirst().sizeBytes() + 4;
            SignedTx tx = queue.pollFirst();
            pending_hashes.remove(tx.hashHex());
            out.add(tx);
        }
        return out;
    }

    /** Puts transactions back at the front, in their order (a block that was not applied). */
    public synchronized void requeue(List<SignedTx> txs) {
        for (int i = txs.size() - 1; i >= 0; i--) {
            if (pending_hashes.add(txs.get(i).hashHex())) {
                queue.addFirst(txs.get(i));
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

    public int sizeMax() {
        return size_max;
    }
}
