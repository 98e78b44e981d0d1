package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodePickerTest {
    static final long PIECE_BYTES = 1000;

    /** A node listing as /api/v1/storage/nodes gives it. */
    static final class Listing {
        final ObjectNode root = ObjectIndex.JSON.createObjectNode();
        final ArrayNode nodes = root.putArray("nodes");

        Listing node(String account, long free_bytes, long fails_consecutive, boolean disqualified, boolean checked_in_recently) {
            nodes.addObject().put("account", account).put("endpoint", "http://" + account).put("free_bytes", free_bytes)
                    .put("fails_consecutive", fails_consecutive).put("disqualified", disqualified).put("checked_in_recently", checked_in_recently);
            return this;
        }
    }

    static List<String> accounts(List<NodePicker.Candidate> picked) {
        return picked.stream().map(NodePicker.Candidate::account).toList();
    }

    @Test
    void picksNodesWhoseProviderCheckedInBeforeSilentOnesAndFewerFailuresFirst() throws Exception {
        Listing listing = new Listing().node("silent", PIECE_BYTES, 0, false, false).node("failing", PIECE_BYTES, 2, false, true)
                .node("live1", PIECE_BYTES, 0, false, true).node("live2", PIECE_BYTES, 0, false, true);
        for (int run = 0; run < 20; run++) {
            List<String> picked = accounts(NodePicker.pick(listing.root, PIECE_BYTES, 4, Set.of()));
            assertThat(picked.subList(0, 2)).containsExactlyInAnyOrder("live1", "live2");
            assertThat(picked.subList(2, 4)).containsExactly("failing", "silent");
            assertThat(accounts(NodePicker.pick(listing.root, PIECE_BYTES, 3, Set.of()))).doesNotContain("silent");
        }
    }

    @Test
    void neverPicksDisqualifiedTooFullOrExcludedNodesAndSaysHowManyCould() {
        Listing listing = new Listing().node("disqualified", PIECE_BYTES, 0, true, true).node("full", PIECE_BYTES - 1, 0, false, true)
                .node("holder", PIECE_BYTES, 0, false, true).node("ok", PIECE_BYTES, 0, false, true);
        assertThatThrownBy(() -> NodePicker.pick(listing.root, PIECE_BYTES, 2, Set.of("holder")))
                .isInstanceOf(StorageException.class)
                .hasMessage("only 1 storage nodes can take a piece of 1000 bytes (not disqualified, enough free space, not already holding this segment); 2 are needed");
    }

    @Test
    void aListingFromAnOlderValidatorWithoutCheckInsCountsEveryNodeAsLive() throws Exception {
        ObjectNode root = ObjectIndex.JSON.createObjectNode();
        root.putArray("nodes").addObject().put("account", "old").put("endpoint", "http://old").put("free_bytes", PIECE_BYTES);
        assertThat(NodePicker.pick(root, PIECE_BYTES, 1, Set.of()).get(0).checkedInRecently()).isTrue();
    }
}
