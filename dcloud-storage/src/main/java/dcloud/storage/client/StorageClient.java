package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.tx.CancelStorage;
import dcloud.ledger.tx.Pay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
            stored = putStream(in, name, shape, epochs, progress);
        }
        index.put(stored);
        if (previous != null) {
            cancelContracts(previous);
        }
        return stored;
    }

    ObjectManifest putStream(InputStream in, String name, Redundancy shape, long epochs, Progress progress) throws StorageException, IOException {
        byte[] object_id = new byte[32];
        RANDOM.nextBytes(object_id);
        String object_hex = Hex.encode(object_id);
        MessageDigest digest = Sha256.newDigest();
        Uploader uploader = new Uploader(ledger, transport);
        ExecutorService finishing = Executors.newFixedThreadPool(SEGMENTS_IN_FLIGHT);
        Semaphore in_flight = new Semaphore(SEGMENTS_IN_FLIGHT);
        List<Future<ObjectManifest.SegmentRef>> segments = new ArrayList<>();
        long size = 0;
        try {
            for (int number = 0; ; number++) {
                byte[] plain = in.readNBytes(segment_size_bytes);
                if (plain.length == 0) {
                    break;
                }
                digest.update(plain);
                size += plain.length;
                in_flight.acquire();
                try {
                    segments.add(startSegment(uploader, finishing, in_flight, object_hex, number, plain, shape, epochs, progress));
                } catch (StorageException | RuntimeException e) {
                    in_flight.release();
                    throw e;
                }
            }
            List<ObjectManifest.SegmentRef> refs = new ArrayList<>();
            for (Future<ObjectManifest.SegmentRef> segment : segments) {
                refs.add(segment.get());
            }
            return new ObjectManifest(name, size, Hex.encode(digest.digest()), object_hex, System.currentTimeMillis(), refs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException s ? s : new StorageException(e.getCause().toString(), e.getCause());
        } finally {
            finishing.shutdownNow();
        }
    }

    private Future<ObjectManifest.SegmentRef> startSegment(Uploader uploader, ExecutorService finishing, Semaphore in_flight, String object_hex,
                                                           int number, byte[] plain, Redundancy requested, long epochs, Progress progress)
            throws StorageException {
        JsonNode nodes = ledger.get("/api/v1/storage/nodes");
        Redundancy shape = requested.withAvailableNodes(nodes.path("nodes").size());
        SegmentCodec.Encoded encoded = SegmentCodec.encode(plain, keys.segmentKey(object_hex, number), shape.dataShards(), shape.totalShards());
        List<NodePicker.Candidate> chosen = NodePicker.pick(nodes, encoded.pieceSizeBytes(), shape.totalShards(), java.util.Set.of());
        byte[] segment_id = new byte[32];
        RANDOM.nextBytes(segment_id);
        int[] indices = java.util.stream.IntStream.range(0, shape.totalShards()).toArray();
        Uploader.Opened opened = uploader.open(segment_id, encoded, shape, epochs, indices, chosen);
        return finishing.submit(() -> {
            try {
                uploader.finish(opened, shape.targetPieces(), progress);
                return new ObjectManifest.SegmentRef(Hex.encode(segment_id), plain.length, encoded.cipherSizeBytes(), shape.dataShards(),
                        shape.totalShards(), shape.targetPieces());
            } finally {
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

    void read(ObjectManifest manifest, OutputStream sink, Progress progress) throws StorageException, IOException {
        Downloader downloader = new Downloader(ledger, transport);
        MessageDigest digest = Sha256.newDigest();
        Map<String, Long> egress = new java.util.TreeMap<>();
        for (int number = 0; number < manifest.segments().size(); number++) {
            ObjectManifest.SegmentRef ref = manifest.segments().get(number);
            Downloader.Fetched fetched;
            try {
                fetched = downloader.fetch(downloader.segment(ref.segmentId()), ref.dataShards(), progress);
            } catch (StorageException e) {
                throw new StorageException(manifest.name() + ", segment " + (number + 1) + " of " + manifest.segments().size() + ": " + e.getMessage(), e);
            }
            byte[] plain;
            try {
                plain = SegmentCodec.decode(fetched.pieces(), ref.dataShards(), SegmentCodec.pieceSize(ref.cipherSizeBytes(), ref.dataShards()),
                        ref.cipherSizeBytes(), keys.segmentKey(manifest.objectId(), number));
            } catch (IllegalArgumentException e) {
                throw new StorageException("segment " + number + " of " + manifest.name() + " does not decrypt: " + e.getMessage()
                        + " (wrong mnemonic, or pieces damaged beyond repair)");
            }
            digest.update(plain);
            sink.write(plain);
            fetched.bytesByNode().forEach((node, bytes) -> egress.merge(node, bytes, Long::sum));
        }
        if (!Hex.encode(digest.digest()).equals(manifest.sha256())) {
            throw new StorageException(manifest.name() + ": the downloaded bytes do not match the object's SHA-256");
        }
        payEgress(egress);
    }

    /** Pays each node for what it served at its egress price (sent, not awaited: the download does not wait for a block). */
    private void payEgress(Map<String, Long> bytes_by_node) {
        for (Map.Entry<String, Long> entry : bytes_by_node.entrySet()) {
            try {
                JsonNode node = ledger.find("/api/v1/storage/nodes/" + entry.getKey());
                long price = node == null ? 0 : node.path("egress_price_per_gib_e9s").asLong();
                long amount = BigInteger.valueOf(entry.getValue()).multiply(BigInteger.valueOf(price))
                        .add(BigInteger.valueOf((1L << 30) - 1)).shiftRight(30).longValueExact();
                if (amount > 0) {
                    ledger.send(new Pay(dcloud.core.account.Account.parse(entry.getKey()).owner(), amount, "egress".getBytes()));
                }
            } catch (StorageException e) {
                System.err.println("warning: egress payment to " + entry.getKey() + " not sent: " + e.getMessage());
            }
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
        TreeSet<Long> ids = new TreeSet<>();
        for (JsonNode segment : segments(manifest)) {
            for (JsonNode piece : segment.path("pieces")) {
                if (piece.path("owner").asText().equals(ledger.account()) && piece.path("state").asText().equals("active")) {
                    ids.add(piece.path("id").asLong());
                }
            }
        }
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += CancelStorage.CONTRACTS_PER_TX_MAX) {
            ledger.submit(new CancelStorage(all.subList(from, Math.min(all.size(), from + CancelStorage.CONTRACTS_PER_TX_MAX))));
        }
    }
}
