package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.node.provider.ApiCheckInLedger;
import dcloud.node.provider.CheckInAgent;
import dcloud.node.provider.LedgerLink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider whose node is not a validator checks in through the validators' API, and the storage
 * node list shows whose provider checked in this reward epoch or the last: how clients tell a
 * live node from one that vanished.
 */
class CheckInApiTest {
    static final long DCT = 1_000_000_000L;
    static final long WAIT_MS_MAX = 30_000;
    @TempDir Path dir;
    final KeyPair provider = KeyPair.generate(new java.security.SecureRandom());
    TestNode node;
    TestStorageNode storage;
    CheckInAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (storage != null) {
            storage.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aStorageNodesProviderChecksInThroughTheApiAndIsSeenAsRecentForTwoEpochs() throws Exception {
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT)), config -> config,
                Map.of("epoch_length_s", 2L));
        storage = new TestStorageNode(node, provider, dir.resolve("storage"), 64L << 20, 60_000, 60_000);
        assertThat(checkIn().path("last_epoch").isNull()).as("no agent, no check-in").isTrue();
        assertThat(storageNode().path("checked_in_recently").asBoolean()).isFalse();

        agent = new CheckInAgent(new ApiCheckInLedger(new LedgerLink(node.url, provider, Clock.systemUTC())), Clock.systemUTC(), 50);
        node.awaitUntil("the provider checks in", WAIT_MS_MAX, () -> checkIn().path("checked_in").asBoolean());
        long epoch = checkIn().path("epoch").asLong();
        assertThat(checkIn().path("last_epoch").asLong()).isEqualTo(epoch);
        assertThat(storageNode().path("checked_in_recently").asBoolean()).isTrue();

        agent.close();
        agent = null;
        node.awaitUntil("the next epoch starts", WAIT_MS_MAX, () -> checkIn().path("epoch").asLong() > epoch);
        JsonNode next = checkIn();
        if (next.path("epoch").asLong() == epoch + 1) {
            assertThat(next.path("checked_in").asBoolean()).isFalse();
            assertThat(next.path("last_epoch").asLong()).as("the closed epoch's check-in still counts").isEqualTo(epoch);
        }
        node.awaitUntil("two epochs pass without a check-in", WAIT_MS_MAX, () -> checkIn().path("epoch").asLong() > epoch + 1);
        assertThat(checkIn().path("last_epoch").isNull()).isTrue();
        assertThat(storageNode().path("checked_in_recently").asBoolean()).as("a node silent for two epochs is not recent").isFalse();
    }

    JsonNode checkIn() throws Exception {
        return node.get("/api/v1/providers/" + Account.of(provider.publicKey())).body().path("check_in");
    }

    JsonNode storageNode() throws Exception {
        return node.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey())).body();
    }
}
