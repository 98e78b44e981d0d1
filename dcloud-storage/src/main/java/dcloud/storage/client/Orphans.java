package dcloud.storage.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * This account's active storage contracts on segments that no index names: neither the local
 * index, nor the index backup in the network, nor (unless marked) a put this machine recorded as
 * pending. They hold escrow and earn their nodes payment for data nobody can find: contracts of puts
 * killed before pending records existed, or of an index lost with its machine. The ledger cannot
 * tell these from live data of another machine that stored with the same key and never backed its
 * index up, so they are listed first and cancelled only when asked.
 */
public final class Orphans {
    /** Pages of contracts (10,000 each) a search reads at most: 10 million contracts. */
    static final int CONTRACT_PAGES_MAX = 1_000;
    private final StorageClient client;

    /** One orphaned segment: its active contracts, the escrow they still hold, and whether a pending put of this machine opened it. */
    public record Segment(@JsonProperty("segment") String segment, @JsonProperty("contracts") List<Long> contracts,
                          @JsonProperty("escrow_e9s") long escrowE9s, @JsonProperty("interrupted_put") boolean interruptedPut) {}

    public Orphans(StorageClient client) {
        this.client = client;
    }

    /** The orphaned segments in segment-id order. Throws when the backup cannot be read, since then nothing is known to be an orphan. */
    public List<Segment> find() throws StorageException, IOException {
        Set<String> named = new HashSet<>(new IndexBackup(client).namedSegments());
        for (ObjectManifest manifest : client.index.list()) {
            manifest.segments().forEach(ref -> named.add(ref.segmentId()));
        }
        Set<String> pending = new HashSet<>();
        client.index.pending().forEach(put -> pending.addAll(put.segmentIds()));
        Map<String, List<JsonNode>> orphaned = new TreeMap<>();
        boolean complete = client.ledger.forEachOwnContract(CONTRACT_PAGES_MAX, contract -> {
            String segment = contract.path("segment").asText();
            if (contract.path("state").asText().equals("active") && !named.contains(segment)) {
                orphaned.computeIfAbsent(segment, s -> new ArrayList<>()).add(contract);
            }
            return true;
        });
        if (!complete) {
            throw new StorageException("account " + client.ledger.account() + " has more than " + CONTRACT_PAGES_MAX
                    + " pages of storage contracts; orphans are searched in at most that many");
        }
        List<Segment> out = new ArrayList<>();
        orphaned.forEach((segment, contracts) -> out.add(new Segment(segment,
                contracts.stream().map(c -> c.path("id").asLong()).toList(),
                contracts.stream().mapToLong(c -> c.path("escrow_e9s").asLong()).sum(),
                pending.contains(segment))));
        return out;
    }

    /** Cancels every contract still active on {@code orphans}, refunding its unearned escrow; returns how many. */
    public int cancel(List<Segment> orphans) throws StorageException {
        if (orphans.isEmpty()) {
            return 0;
        }
        return new SegmentContracts(client.ledger).cancelActive(orphans.stream().map(o -> Hex.decode(o.segment())).toList());
    }
}
