package dcloud.node.storage;

import dcloud.core.bytes.Hex;
import dcloud.storage.piecestore.PieceStore;
import java.io.IOException;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads every stored piece once per scrub interval, at most at a set byte rate, and checks it
 * chunk by chunk against its stored chunk roots. Proofs alone would notice a flipped byte only when
 * a challenge happens to land in its 16 KiB chunk. A damaged piece is deleted: it can be neither
 * proven nor served, so its contract's proofs fail on-ledger and repair places it elsewhere.
 *
 * <p>A piece is first due one interval after the scrubber first sees it (it was hashed as it
 * arrived), so a restart does not re-read the whole disk at once.
 */
final class Scrubber {
    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    static final int PIECES_LISTED_MAX = 1_000_000;
    private final PieceStore store;
    private final long interval_ms;
    private final long bytes_per_second;
    private final LongSupplier now_ms;
    /** Piece id (hex) → when it was last checked, or first seen. */
    private final TreeMap<String, Long> checked_ms = new TreeMap<>();

    Scrubber(PieceStore store, long interval_ms, long bytes_per_second, LongSupplier now_ms) {
        assert interval_ms > 0 && bytes_per_second > 0 : "scrub settings are validated in node.json";
        this.store = store;
        this.interval_ms = interval_ms;
        this.bytes_per_second = bytes_per_second;
        this.now_ms = now_ms;
    }

    /** One pass over the pieces that are due; returns how many were damaged (and deleted). */
    int runOnce() throws InterruptedException {
        TreeSet<String> listed = new TreeSet<>();
        int damaged = 0;
        Pacer pacer = new Pacer(bytes_per_second);
        for (PieceStore.PieceInfo info : store.list(PIECES_LISTED_MAX)) {
            String hex = Hex.encode(info.id());
            listed.add(hex);
            Long last = checked_ms.putIfAbsent(hex, now_ms.getAsLong());
            if (last == null || now_ms.getAsLong() - last < interval_ms) {
                continue;
            }
            if (scrub(info, pacer)) {
                damaged++;
            }
            checked_ms.put(hex, now_ms.getAsLong());
        }
        checked_ms.keySet().retainAll(listed);
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
