package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.tx.SignedTx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The storage client: put, get, list, stat and remove objects. A put reads the file one segment at
 * a time, encrypts and erasure-codes it and hands it to the {@link Uploader}; up to
 * {@link #SEGMENTS_IN_FLIGHT} segments wait for their contracts or upload while the next is encoded.
 */
public final class StorageClient {
    public static final int SEGMENT_SIZE_BYTES_MAX = 64 * 1024 * 1024;
    public static final int SEGMENTS_IN_FLIGHT = 4;
    /** How long a failed put waits for its segments still uploading to stop (they are interrupted) before undoing it. */
    static final long SEGMENTS_END_WAIT_MS = 10_000;
    /** Blocks a reclaim of interrupted puts waits for first, so their contracts txs still in a mempool are in a block. */
    static final int RECLAIM_BLOCKS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();
    final LedgerAccess ledger;
    final ObjectIndex index;
    final StorageKeys keys;
    final PieceTransport transport = new PieceTransport();
    private final int segment_size_bytes;

    public StorageClient(LedgerAccess ledger, ObjectIndex index, StorageKeys keys, int segment_size_bytes) {
        if (segment_size_bytes < 1 || segment_size_bytes > SEGMENT_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("segment size must be between 1 and " + SEGMENT_SIZE_BYTES_MAX + " bytes");
        }
        this.ledger = ledger;
        this.index = index;
        this.keys = keys;
        this.segment_size_bytes = segment_size_bytes;
    }

    public ObjectManifest put(Path file, String name, Redundancy shape, long epochs, Progress progress) throws StorageException, IOException {
        String bad_name = ObjectIndex.checkName(name);
        if (bad_name != null) {
            throw new StorageException(bad_name);
        }
        if (!Files.isRegularFile(file)) {
            throw new StorageException(file + " is not a readable file");
        }
        ObjectManifest previous = index.get(name);
        ObjectManifest stored;
        try (InputStream in = Files.newInputStream(file)) {
            stored = putStream(in, Files.size(file), name, shape, epochs, progress);
        }
        index.put(stored);
        if (previous != null) {
            cancelContracts(previous);
        }
        return stored;
    }

    /**
     * Stores exactly {@code size_bytes} read from {@code in} as object {@code name}. When the put
     * fails, every contract it opened is cancelled before the error is thrown, so a failed put
     * leaves no contract holding the owner's escrow for an object no index names.
     */
    ObjectManifest putStream(InputStream in, long size_bytes, String name, Redundancy shape, long epochs, Progress progress)
            throws StorageException, IOException {
        Uploader uploader = new Uploader(ledger, transport);
        byte[] object_id = new byte[32];
        RANDOM.nextBytes(object_id);
        String object_hex = Hex.encode(object_id);
        ObjectManifest stored;
        try {
            stored = placeSegments(uploader, in, size_bytes, name, object_hex, shape, epochs, progress);
        } catch (StorageException | IOException | RuntimeException e) {
            throw new StorageException(e.getMessage() + undo(object_hex), e);
        }
        // A crash between this and the caller recording the object could orphan its contracts; the window is one synced write.
        index.dropPending(object_hex);
        return stored;
    }

    /**
     * Cancels a failed put's contracts, from its pending records as the next put would for a killed
     * one (a tx whose sending failed midway may still have reached the ledger); says what became of
     * them, to follow the put's error.
     */
    private String undo(String object_hex) {
        try {
            int cancelled = 0;
            for (ObjectIndex.PendingPut put : index.pending()) {
                if (put.objectHex().equals(object_hex)) {
                    cancelled += reclaim(put);
                }
            }
            return cancelled == 0 ? "" : " (the " + cancelled + " storage contracts it had left open were cancelled, refunding their unearned escrow)";
        } catch (StorageException | IOException e) {
            return " (undoing the put failed too, and the next 'dcloud storage put' tries again: " + e.getMessage() + ")";
        }
    }

    /**
     * Cancels the contracts of puts a killed CLI left unfinished (each segment's contracts tx is
     * recorded in the local index before it is sent). Storage commands hold the index's lock, so a
     * pending put found here belongs to no running command. Each recorded tx is settled first: one
     * still in a mempool, or never sent, could otherwise commit after this and leave its contracts
     * open. Returns how many contracts were cancelled.
     */
    public int reclaimInterrupted() throws StorageException, IOException {
        List<ObjectIndex.PendingPut> interrupted = index.pending();
        if (interrupted.isEmpty()) {
            return 0;
        }
        if (interrupted.stream().anyMatch(put -> put.segments().stream().anyMatch(s -> s.contractsTx() == null))) {
            // A record from before the txs were kept: two blocks from now a tx that was in a mempool
            // is in a block, unless more txs wait than those blocks hold.
            ledger.awaitBlocks(RECLAIM_BLOCKS);
        }
        int cancelled = 0;
        for (ObjectIndex.PendingPut pending : interrupted) {
            cancelled += reclaim(pending);
        }
        return cancelled;
    }

    /** Settles a pending put's recorded txs, cancels what they opened, forgets the put; returns how many contracts it cancelled. */
    private int reclaim(ObjectIndex.PendingPut pending) throws StorageException, IOException {
        List<byte[]> opened = new ArrayList<>();
        for (ObjectIndex.PendingSegment segment : pending.segments()) {
            if (mayHaveContracts(segment)) {
                opened.add(Hex.decode(segment.segmentHex()));
            }
        }
        int cancelled = opened.isEmpty() ? 0 : new SegmentContracts(ledger).cancelActive(opened);
        index.dropPending(pending.objectHex());
        return cancelled;
    }

    /** Whether a pending segment's contracts can exist: its recorded tx committed (settled now), or no tx was recorded to settle. */
    private boolean mayHaveContracts(ObjectIndex.PendingSegment segment) throws StorageException {
        if (segment.contractsTx() == null) {
            return true;
        }
        try {
            return ledger.settle(SignedTx.decode(segment.contractsTx()));
        } catch (dcloud.core.codec.DecodeException unreadable) {
            return true; // cancelling what is active on the segment is all that is left to do
        }
    }

    private ObjectManifest placeSegments(Uploader uploader, InputStream in, long size_bytes, String name,
                                         String object_hex, Redundancy shape, long epochs, Progress progress) throws StorageException, IOException {
        MessageDigest digest = Sha256.newDigest();
        int in_flight_max = segmentsInFlight(shape.totalShards(), SegmentCodec.pieceSizeForPlaintext(
                Math.min(size_bytes, segment_size_bytes), shape.dataShards()));
        ExecutorService finishing = Executors.newFixedThreadPool(in_flight_max);
        Semaphore in_flight = new Semaphore(in_flight_max);
        // At most in_flight_max stripes exist: a segment takes one when it starts and gives it back when its upload ends.
        Queue<Stripe> stripes = new ConcurrentLinkedQueue<>();
        List<Future<ObjectManifest.SegmentRef>> segments = new ArrayList<>();
        try {
            long offset = 0;
            for (int number = 0; offset < size_bytes || number == 0; number++) {
                int plain_size = (int) Math.min(segment_size_bytes, size_bytes - offset);
                in_flight.acquire();
                try {
                    Segment segment = new Segment(object_hex, number, plain_size, stripes.poll());
                    segments.add(startSegment(uploader, finishing, in_flight, stripes, in, digest, segment, shape, epochs, progress));
                } catch (StorageException | IOException | RuntimeException e) {
                    in_flight.release();
                    throw e;
                }
                offset += plain_size;
            }
            List<ObjectManifest.SegmentRef> refs = new ArrayList<>();
            for (Future<ObjectManifest.SegmentRef> segment : segments) {
                refs.add(segment.get());
            }
            return new ObjectManifest(name, size_bytes, Hex.encode(digest.digest()), object_hex, System.currentTimeMillis(), refs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException s ? s : new StorageException(e.getCause().toString(), e.getCause());
        } finally {
            finishing.shutdownNow();
            awaitSegmentsEnded(finishing);
        }
    }

    /** Segments still uploading stop when interrupted; this bounds the wait for them before a failed put is undone. */
    private static void awaitSegmentsEnded(ExecutorService finishing) {
        try {
            finishing.awaitTermination(SEGMENTS_END_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Segments encoded or uploading at once: {@link #SEGMENTS_IN_FLIGHT}, fewer when their stripes
     * would take more than half of the heap (each holds N pieces).
     */
    static int segmentsInFlight(int total_shards, int piece_size_bytes) {
        long affordable = Runtime.getRuntime().maxMemory() / 2 / Stripe.sizeBytes(total_shards, piece_size_bytes);
        return (int) Math.max(1, Math.min(SEGMENTS_IN_FLIGHT, affordable));
    }

    /** One segment of a put: its number, plaintext size and the stripe it may reuse (null for a new one). */
    private record Segment(String objectHex, int number, int plainSizeBytes, Stripe reusable) {}

    private Future<ObjectManifest.SegmentRef> startSegment(Uploader uploader, ExecutorService finishing, Semaphore in_flight, Queue<Stripe> stripes,
                                                           InputStream in, MessageDigest digest, Segment segment, Redundancy requested,
                                                           long epochs, Progress progress) throws StorageException, IOException {
        JsonNode nodes = ledger.get("/api/v1/storage/nodes");
        Redundancy shape = requested.withAvailableNodes(nodes.path("nodes").size());
        Stripe stripe = Stripe.reuse(segment.reusable(), shape.totalShards(), SegmentCodec.pieceSizeForPlaintext(segment.plainSizeBytes(), shape.dataShards()));
        SegmentCodec.Encoded encoded = SegmentCodec.encode(in, segment.plainSizeBytes(), keys.segmentKey(segment.objectHex(), segment.number()),
                shape.dataShards(), stripe, digest);
        List<NodePicker.Candidate> chosen = NodePicker.pick(nodes, encoded.pieceSizeBytes(), shape.totalShards(), java.util.Set.of());
        byte[] segment_id = new byte[32];
        RANDOM.nextBytes(segment_id);
        int[] indices = java.util.stream.IntStream.range(0, shape.totalShards()).toArray();
        Uploader.Opened opened = uploader.prepare(segment_id, encoded, shape, epochs, indices, chosen);
        index.pendingSegment(segment.objectHex(), Hex.encode(segment_id), opened.store().bytes());
        uploader.send(opened);
        return finishing.submit(() -> {
            try {
                uploader.finish(opened, shape.targetPieces(), progress);
                return new ObjectManifest.SegmentRef(Hex.encode(segment_id), segment.plainSizeBytes(), encoded.cipherSizeBytes(), shape.dataShards(),
                        shape.totalShards(), shape.targetPieces());
            } finally {
                stripes.offer(stripe);
                in_flight.release();
            }
        });
    }

    /** Writes the object to {@code out} atomically (a temp file renamed at the end) after checking its SHA-256. */
    public ObjectManifest get(String name, Path out, Progress progress) throws StorageException, IOException {
        ObjectManifest manifest = require(name);
        Path temp = out.resolveSibling(out.getFileName() + ".dcloud-partial");
        try (OutputStream sink = Files.newOutputStream(temp)) {
            read(manifest, sink, progress);
        } catch (StorageException | IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    /**
     * Streams an object into {@code sink}, checking its SHA-256 at the end. Three things overlap: the
     * next segment's pieces download (two stripes, used in turn) while this thread decrypts this
     * one, and an {@link ObjectWriter} hashes and writes the chunks already decrypted.
     */
    void read(ObjectManifest manifest, OutputStream sink, Progress progress) throws StorageException, IOException {
        Downloader downloader = new Downloader(ledger, transport);
        byte[] sha256;
        List<ObjectManifest.SegmentRef> refs = manifest.segments();
        Stripe[] stripes = new Stripe[2];
        // A platform thread, not a virtual one: a virtual thread doing socket I/O starts the JDK's
        // poller threads, which wait in native code, and a JVM waits 300 ms at exit for such threads.
        ExecutorService ahead = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("segment-ahead-", 0).factory());
        try (ObjectWriter writer = new ObjectWriter(sink, Sha256.newDigest())) {
            Future<Downloader.Fetched> next = refs.isEmpty() ? null
                    : ahead.submit(() -> fetch(downloader, manifest, 0, stripes, progress, Downloader.Check.SIZE));
            for (int number = 0; number < refs.size(); number++) {
                Downloader.Fetched fetched = await(next);
                int following = number + 1;
                next = following < refs.size()
                        ? ahead.submit(() -> fetch(downloader, manifest, following, stripes, progress, Downloader.Check.SIZE)) : null;
                decodeSegment(downloader, manifest, number, fetched, stripes, writer);
            }
            sha256 = writer.finish();
        } finally {
            ahead.shutdownNow();
        }
        if (!Hex.encode(sha256).equals(manifest.sha256())) {
            throw new StorageException(manifest.name() + ": the downloaded bytes do not match the object's SHA-256");
        }
    }

    /** Fetches segment {@code number} into stripe {@code number % 2}, naming the segment in any failure. */
    private Downloader.Fetched fetch(Downloader downloader, ObjectManifest manifest, int number, Stripe[] stripes, Progress progress,
                                     Downloader.Check check) throws StorageException {
        try {
            return fetchInto(downloader, manifest, number, stripes, progress, check);
        } catch (StorageException e) {
            throw new StorageException(segmentLabel(manifest, number) + ": " + e.getMessage(), e);
        }
    }

    private static Downloader.Fetched fetchInto(Downloader downloader, ObjectManifest manifest, int number, Stripe[] stripes,
                                                Progress progress, Downloader.Check check) throws StorageException {
        ObjectManifest.SegmentRef ref = manifest.segments().get(number);
        int piece_size = SegmentCodec.pieceSize(ref.cipherSizeBytes(), ref.dataShards());
        Stripe stripe = stripes[number % 2] = Stripe.reuse(stripes[number % 2], ref.totalShards(), piece_size);
        return downloader.fetch(downloader.segment(ref.segmentId()), ref.dataShards(), progress, stripe, check);
    }

    private static String segmentLabel(ObjectManifest manifest, int number) {
        return manifest.name() + ", segment " + (number + 1) + " of " + manifest.segments().size();
    }

    private static Downloader.Fetched await(Future<Downloader.Fetched> fetching) throws StorageException {
        try {
            return fetching.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while downloading");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException s ? s : new StorageException(e.getCause().toString(), e.getCause());
        }
    }

    /**
     * Writes segment {@code number} from its fetched pieces; when a chunk does not authenticate,
     * fetches the segment again into the same stripe, checking every piece's Merkle root. The
     * other stripe may be downloading the next segment meanwhile; this one is the decoder's.
     */
    private void decodeSegment(Downloader downloader, ObjectManifest manifest, int number, Downloader.Fetched fetched,
                                            Stripe[] stripes, PlainSink sink) throws StorageException, IOException {
        ObjectManifest.SegmentRef ref = manifest.segments().get(number);
        try {
            SegmentReader.read(ref, keys.segmentKey(manifest.objectId(), number), fetched,
                    () -> fetchInto(downloader, manifest, number, stripes, Progress.NONE, Downloader.Check.MERKLE_ROOT), sink);
        } catch (StorageException e) {
            throw new StorageException(segmentLabel(manifest, number) + ": " + e.getMessage(), e);
        }
    }

    public ObjectManifest require(String name) throws StorageException, IOException {
        ObjectManifest manifest = index.get(name);
        if (manifest == null) {
            throw new StorageException("no object named '" + name + "' in the local index (see 'dcloud storage ls'; on a new machine run 'dcloud storage restore')");
        }
        return manifest;
    }

    public List<ObjectManifest> list() throws IOException {
        return index.list();
    }

    /** The ledger's view of each segment of an object (pieces, nodes, health). */
    public List<JsonNode> segments(ObjectManifest manifest) throws StorageException {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectManifest.SegmentRef ref : manifest.segments()) {
            JsonNode segment = ledger.find("/api/v1/storage/segments/" + ref.segmentId());
            out.add(segment == null ? ObjectIndex.JSON.createObjectNode().put("id", ref.segmentId()).put("missing", true) : segment);
        }
        return out;
    }

    public void remove(String name) throws StorageException, IOException {
        ObjectManifest manifest = require(name);
        cancelContracts(manifest);
        index.delete(name);
    }

    /** Cancels this owner's active contracts for an object's segments (refunding what is unearned). */
    void cancelContracts(ObjectManifest manifest) throws StorageException {
        new SegmentContracts(ledger).cancelActive(manifest.segments().stream().map(ref -> Hex.decode(ref.segmentId())).toList());
    }
}
