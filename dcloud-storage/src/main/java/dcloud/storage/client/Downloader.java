package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a segment's pieces from the fastest nodes: starts K downloads (healthy pieces first, data
 * pieces before parity), checks each one's size (and, when asked, its Merkle root on the ledger),
 * starts another whenever one fails, and stops at K good pieces. A piece that fails a check is
 * simply not used.
 *
 * <p>A get asks for sizes only, because AES-GCM authenticates every chunk it decodes and so finds
 * any damage anyway; hashing every piece as well cost a get about a sixth of its time. Only when a
 * chunk fails does the get fetch again with {@link Check#MERKLE_ROOT}, which tells the damaged pieces
 * from the good ones ({@link SegmentReader}). Repair holds no key, so it always checks roots.
 *
 * <p>Slow nodes are hedged rather than raced: once the first piece has arrived, a download still
 * running {@link #HEDGE_AFTER_FIRST_FACTOR} times as long gets {@link #EXTRA_DOWNLOADS} more
 * started beside it. Starting K + 1 from the outset cost a fifth more transfer and hashing on every
 * segment, and whenever the parity piece won the race, a Reed-Solomon decode that the K data pieces
 * alone do not need.
 */
final class Downloader {
    static final int EXTRA_DOWNLOADS = 1;
    static final int HEDGE_AFTER_FIRST_FACTOR = 2;
    static final long HEDGE_AFTER_MS_MIN = 200;
    private final LedgerAccess ledger;
    private final PieceTransport transport;
    private final OrderSigner orders;

    /** What a downloaded piece must pass to be used. */
    enum Check {
        /** It has the piece's size (a get: decryption authenticates the bytes). */
        SIZE,
        /** It has the piece's size and its Merkle root is the one on the ledger. */
        MERKLE_ROOT
    }

    record Piece(int index, long contract, String node, String endpoint, String root, boolean healthy) {}

    /** What was fetched: pieces by index (null where not fetched). */
    record Fetched(byte[][] pieces) {}

    /** Signs the egress order that pays a node for one piece (hex for the request header), or null to send none. */
    interface OrderSigner {
        String sign(String node_account, long contract, long bytes) throws StorageException;
    }

    /** A downloader whose every piece request carries an egress order signed by {@code ledger}'s key. */
    Downloader(LedgerAccess ledger, PieceTransport transport) {
        this(ledger, transport, ledger::egressOrder);
    }

    Downloader(LedgerAccess ledger, PieceTransport transport, OrderSigner orders) {
        this.ledger = ledger;
        this.transport = transport;
        this.orders = orders;
    }

    static List<Piece> pieces(JsonNode segment) {
        List<Piece> out = new ArrayList<>();
        for (JsonNode p : segment.path("pieces")) {
            out.add(new Piece(p.path("index").asInt(), p.path("id").asLong(), p.path("node").asText(), p.path("endpoint").asText(),
                    p.path("merkle_root").asText(), p.path("healthy").asBoolean()));
        }
        out.sort(Comparator.comparing((Piece p) -> !p.healthy()).thenComparingInt(Piece::index));
        return out;
    }

    /**
     * Downloads K good pieces of {@code segment} into {@code stripe}'s arrays. When it returns,
     * every download it started is finished or abandoned, so nothing writes into the stripe any more.
     */
    Fetched fetch(JsonNode segment, int needed, Progress progress, Stripe stripe, Check check) throws StorageException {
        List<Piece> candidates = pieces(segment);
        int piece_size = segment.path("piece_size_bytes").asInt();
        byte[][] pieces = new byte[segment.path("total_shards").asInt()][];
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("piece-get-", 0).factory());
        CompletionService<Piece> done = new ExecutorCompletionService<>(pool);
        List<Future<Piece>> started = new ArrayList<>();
        List<PieceDownload> downloads = new ArrayList<>();
        int next = 0;
        int good = 0;
        int running = 0;
        long start_ns = System.nanoTime();
        long hedge_at_ms = -1;
        boolean hedged = false;
        try {
            while (good < needed) {
                while (running < needed - good + (hedged ? EXTRA_DOWNLOADS : 0) && next < candidates.size()) {
                    Piece piece = candidates.get(next++);
                    PieceDownload download = new PieceDownload(stripe.shard(piece.index()), piece_size);
                    downloads.add(download);
                    started.add(done.submit(() -> download(piece, download, check)));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Future<Piece> finished;
                if (hedged || hedge_at_ms < 0) {
                    finished = done.take();
                } else {
                    long elapsed_ms = (System.nanoTime() - start_ns) / 1_000_000;
                    finished = done.poll(Math.max(0, hedge_at_ms - elapsed_ms), java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (finished == null) {
                        hedged = true;
                        continue;
                    }
                }
                running--;
                try {
                    Piece piece = finished.get();
                    pieces[piece.index()] = stripe.shard(piece.index());
                    progress.add(piece_size);
                    good++;
                    if (hedge_at_ms < 0) {
                        hedge_at_ms = Math.max(HEDGE_AFTER_MS_MIN, HEDGE_AFTER_FIRST_FACTOR * (System.nanoTime() - start_ns) / 1_000_000);
                    }
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while downloading");
        } finally {
            downloads.forEach(PieceDownload::abandon);
            started.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
        if (good < needed) {
            throw new StorageException("segment " + segment.path("id").asText() + ": only " + good + " of the " + needed
                    + " pieces needed could be read; missing pieces: " + String.join("; ", failures)
                    + (candidates.isEmpty() ? "none are on the ledger" : ""));
        }
        return new Fetched(pieces);
    }

    private Piece download(Piece piece, PieceDownload download, Check check) throws Exception {
        String label = "piece " + piece.index() + " (contract " + piece.contract() + ") on node " + piece.node() + " at " + piece.endpoint();
        int received;
        int piece_size = download.roomBytes();
        try {
            received = transport.get(piece.endpoint(), piece.contract(), download, orders.sign(piece.node(), piece.contract(), piece_size));
        } catch (java.net.ConnectException e) {
            throw new java.io.IOException(label + ": node unreachable (" + e.getMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new java.io.IOException(label + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (received != piece_size) {
            throw new java.io.IOException(label + ": the node sent " + received + " of the piece's " + piece_size + " bytes");
        }
        if (check == Check.MERKLE_ROOT && !Hex.encode(MerkleTree.root(download.target(), 0, piece_size)).equals(piece.root())) {
            throw new java.io.IOException(label + ": bytes do not match the Merkle root on the ledger (damaged)");
        }
        return piece;
    }

    JsonNode segment(String segment_id) throws StorageException {
        JsonNode segment = ledger.find("/api/v1/storage/segments/" + segment_id);
        if (segment == null) {
            throw new StorageException("segment " + segment_id + " is not on the ledger (its contracts ended or were cancelled)");
        }
        return segment;
    }
}
