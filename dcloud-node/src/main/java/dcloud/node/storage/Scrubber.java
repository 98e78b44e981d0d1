package dcloud.node.storage;

import dcloud.storage.piecestore.PieceStore;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps every stored piece in id order, at most at a set byte rate, and checks it chunk by chunk
 * against its stored chunk roots. Proofs alone would notice a flipped byte only when a challenge
 * happens to land in its 16 KiB chunk. A damaged piece is deleted: it can be neither proven nor
 * served, so its contract's proofs fail on-ledger and repair places it elsewhere.
 *
 * <p>A sweep starts one interval after the previous one started (or as soon as it ends, when a sweep
 * takes longer); the first starts one interval after the node does, because pieces are hashed as
 * they arrive and a restart should not re-read the whole disk at once. The scrubber keeps only its
 * place (the last piece id checked) and when the sweep began, and reads the index a page of
 * {@link #PAGE_PIECES_MAX} at a time, so its memory does not grow with the pieces a node holds.
 */
final class Scrubber {
    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    static final int PAGE_PIECES_MAX = 1_000;
    private final PieceStore store;
    private final long interval_ms;
    private final long bytes_per_second;
    private final LongSupplier now_ms;
    private final int page_pieces_max;
    private long next_sweep_ms;
    /** The last piece id the running sweep checked; null when no sweep runs. */
    private byte[] cursor;
    private boolean sweeping;

    Scrubber(PieceStore store, long interval_ms, long bytes_per_second, LongSupplier now_ms) {
        this(store, interval_ms, bytes_per_second, now_ms, PAGE_PIECES_MAX);
    }

    Scrubber(PieceStore store, long interval_ms, long bytes_per_second, LongSupplier now_ms, int page_pieces_max) {
        assert interval_ms > 0 && bytes_per_second > 0 : "scrub settings are validated in node.json";
        assert page_pieces_max > 0 : "page of " + page_pieces_max;
        this.store = store;
        this.interval_ms = interval_ms;
        this.bytes_per_second = bytes_per_second;
        this.now_ms = now_ms;
        this.page_pieces_max = page_pieces_max;
        this.next_sweep_ms = now_ms.getAsLong() + interval_ms;
    }

    /**
     * Runs the due sweep to its end (or continues one that was interrupted); returns how many
     * pieces were damaged (and deleted). Does nothing before the sweep is due.
     */
    int runOnce() throws InterruptedException {
        if (!sweeping) {
            if (now_ms.getAsLong() < next_sweep_ms) {
                return 0;
            }
            sweeping = true;
            cursor = null;
            next_sweep_ms = now_ms.getAsLong() + interval_ms;
        }
        int damaged = 0;
        Pacer pacer = new Pacer(bytes_per_second);
        // Bounded: each page moves the cursor forward past at least one id, and ids are finite; a
        // sweep ends on the first page that is not full.
        while (sweeping) {
            java.util.List<PieceStore.PieceInfo> page = store.listAfter(cursor, page_pieces_max);
            for (PieceStore.PieceInfo info : page) {
                if (scrub(info, pacer)) {
                    damaged++;
                }
                cursor = info.id();
            }
            sweeping = page.size() == page_pieces_max;
        }
        return damaged;
    }

    /** Scrubs one piece; true when it was damaged and has been deleted. */
    private boolean scrub(PieceStore.PieceInfo info, Pacer pacer) throws InterruptedException {
        try {
            int chunk = store.scrub(info.id(), pacer);
            if (chunk < 0) {
                return false;
            }
            store.delete(info.id());
            log.warn("event=piece_damaged contract={} chunk={} action=deleted reason=\"the bytes on disk no longer hash to the chunk's stored root\"",
                    info.contract(), chunk);
            return true;
        } catch (PieceStore.PieceException | IOException e) {
            // Deleted meanwhile (its contract closed) or unreadable for now: the next pass tries again.
            log.warn("event=scrub_skipped contract={} reason=\"{}\"", info.contract(), e.getMessage());
            return false;
        }
    }

    /** Keeps a pass to {@code bytes_per_second} by sleeping whenever it is ahead. */
    static final class Pacer implements PieceStore.Pacer {
        private final long bytes_per_second;
        private final long start_ns = System.nanoTime();
        private long consumed_bytes;

        Pacer(long bytes_per_second) {
            this.bytes_per_second = bytes_per_second;
        }

        @Override
        public void consumed(long bytes) throws InterruptedException {
            consumed_bytes += bytes;
            long due_ns = (long) (consumed_bytes * 1e9 / bytes_per_second);
            long ahead_ms = (due_ns - (System.nanoTime() - start_ns)) / 1_000_000;
            if (ahead_ms > 0) {
                Thread.sleep(ahead_ms);
            }
        }
    }
}
