package dcloud.storage.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The repair worker. It reads segments from the ledger, never the index and never a decryption
 * key: for each segment of the paying account whose healthy pieces fell to the repair threshold it
 * downloads any K pieces, rebuilds the missing ones with Reed-Solomon over the ciphertext, and
 * places them on new nodes under new contracts, which replace the unhealthy ones on the ledger.
 */
public final class Repairer {
    public static final int SEGMENTS_PER_PASS_MAX = 10_000;
    /** Pages of contracts (10,000 each) one pass reads at most. */
    static final int CONTRACT_PAGES_MAX = 1_000;
    private final LedgerAccess ledger;
    private final PieceTransport transport = new PieceTransport();

    /** What one pass did to one segment. */
    public record Outcome(@JsonProperty("segment") String segment, @JsonProperty("healthy_before") int healthyBefore,
                          @JsonProperty("placed") int placed, @JsonProperty("note") String note) {}

    public Repairer(LedgerAccess ledger) {
        this.ledger = ledger;
    }

    /** Checks every segment the account pays for; repairs those at or below their threshold. */
    public List<Outcome> runOnce() throws StorageException {
        TreeSet<String> segments = new TreeSet<>();
        // Every page of the account's contracts, until a pass has its segments; bounded by both.
        ledger.forEachOwnContract(CONTRACT_PAGES_MAX, contract -> {
            segments.add(contract.path("segment").asText());
            return segments.size() < SEGMENTS_PER_PASS_MAX;
        });
        List<Outcome> outcomes = new ArrayList<>();
        for (String segment : segments) {
            outcomes.add(repair(segment));
        }
        return outcomes;
    }

    public Outcome repair(String segment_id) throws StorageException {
        Downloader downloader = new Downloader(ledger, transport);
        JsonNode segment = downloader.segment(segment_id);
        int healthy = segment.path("healthy_pieces").asInt();
        int k = segment.path("data_shards").asInt();
        int target = segment.path("target_pieces").asInt();
        if (healthy > segment.path("repair_threshold").asInt()) {
            return new Outcome(segment_id, healthy, 0, "healthy");
        }
        int total = segment.path("total_shards").asInt();
        int piece_size = segment.path("piece_size_bytes").asInt();
        byte[][] pieces = downloader.fetch(segment, k, Progress.NONE, new Stripe(total, piece_size), Downloader.Check.MERKLE_ROOT).pieces();
        SegmentCodec.rebuild(pieces, k, piece_size);
        Set<Integer> healthy_indices = new TreeSet<>();
        Set<String> holders = new TreeSet<>();
        for (Downloader.Piece p : Downloader.pieces(segment)) {
            if (p.healthy()) {
                healthy_indices.add(p.index());
                holders.add(p.node());
            }
        }
        int[] indices = java.util.stream.IntStream.range(0, total).filter(i -> !healthy_indices.contains(i)).limit(target - healthy).toArray();
        byte[][] roots = new byte[total][];
        for (int i : indices) {
            roots[i] = MerkleTree.root(pieces[i], 0, piece_size);
            // Reed-Solomon is deterministic: a rebuilt piece must equal the one it replaces, byte for byte.
            String on_ledger = rootOnLedger(segment, i);
            if (on_ledger != null && !on_ledger.equals(Hex.encode(roots[i]))) {
                throw new StorageException("segment " + segment_id + ": rebuilt piece " + i + " does not match its Merkle root on the ledger; refusing to place it");
            }
        }
        SegmentCodec.Encoded encoded = new SegmentCodec.Encoded(0, piece_size, pieces, roots);
        List<NodePicker.Candidate> nodes = NodePicker.pick(ledger.get("/api/v1/storage/nodes"), piece_size, indices.length, holders);
        Redundancy shape = new Redundancy(k, target, segment.path("repair_threshold").asInt(), total);
        Uploader uploader = new Uploader(ledger, transport);
        int placed = uploader.finish(uploader.open(Hex.decode(segment_id), encoded, shape, 1, indices, nodes), indices.length, Progress.NONE);
        return new Outcome(segment_id, healthy, placed, "repaired");
    }

    private static String rootOnLedger(JsonNode segment, int index) {
        for (JsonNode p : segment.path("pieces")) {
            if (p.path("index").asInt() == index) {
                return p.path("merkle_root").asText();
            }
        }
        return null;
    }
}
