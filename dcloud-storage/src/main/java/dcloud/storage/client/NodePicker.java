package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses storage nodes for pieces: never disqualified or too full ones, never a node already
 * holding a piece of the segment. Nodes whose provider checked in this reward epoch or the last go
 * first (a vanished node without contracts is never disqualified, but it stops checking in), then
 * those with no recent failed proof, then in random order so load spreads over providers. A node
 * that has not checked in is still used when too few others can take the piece.
 */
final class NodePicker {
    record Candidate(String account, String endpoint, long failsConsecutive, boolean checkedInRecently) {}

    /** A node whose provider checked in lately first, then the fewest failed proofs in a row. */
    static final Comparator<Candidate> PREFERRED = Comparator.comparing((Candidate c) -> !c.checkedInRecently())
            .thenComparingLong(Candidate::failsConsecutive);

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodePicker() {}

    static List<Candidate> pick(JsonNode nodes, long piece_size_bytes, int count, Set<String> excluded) throws StorageException {
        List<Candidate> eligible = new ArrayList<>();
        for (JsonNode node : nodes.path("nodes")) {
            String account = node.path("account").asText();
            if (!node.path("disqualified").asBoolean() && node.path("free_bytes").asLong() >= piece_size_bytes && !excluded.contains(account)) {
                eligible.add(new Candidate(account, node.path("endpoint").asText(), node.path("fails_consecutive").asLong(),
                        node.path("checked_in_recently").asBoolean(true)));
            }
        }
        Collections.shuffle(eligible, RANDOM);
        eligible.sort(PREFERRED);
        if (eligible.size() < count) {
            throw new StorageException("only " + eligible.size() + " storage nodes can take a piece of " + piece_size_bytes
                    + " bytes (not disqualified, enough free space, not already holding this segment); " + count + " are needed");
        }
        return eligible.subList(0, count);
    }
}
