package dcloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 against real node processes: acknowledged transfers survive, replicas converge. */
class DurabilityIT {
    static final long DCT = 1_000_000_000L;

    static long nowNs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static JsonNode submitQuietly(NodeClient client, SignedTx tx) {
        try {
            return client.submit(tx);
        } catch (ApiException unreachable) {
            return null;
        }
    }

    @Test
    void aTransferAcknowledgedJustBeforeKillDashNineIsThereAfterRestart(@TempDir Path home) throws Exception {
        try (Devnet devnet = new Devnet(home, 1, 200)) {
            assertThat(devnet.cli("keys", "new", "bob")).isZero();
            String bob = devnet.key("bob").account();
            KeyPair alice = devnet.key("default").keyPair();
            SignedTx tx = SignedTx.sign(alice, "dcloud-devnet", nowNs(), new Transfer(null, Account.parse(bob), 7 * DCT, OptionalLong.empty(), new byte[0]));
            JsonNode ack = devnet.client(0).submit(tx);
            assertThat(ack.path("status").asText()).isEqualTo("committed");
            assertThat(devnet.cli("devnet", "kill", "n0")).isZero();
            assertThat(devnet.cli("devnet", "start", "n0")).isZero();
            devnet.awaitHeight(0, ack.path("height").asLong(), 60_000);
            assertThat(devnet.client(0).balance(bob).path("e9s").asLong()).isEqualTo(7 * DCT);
            assertThat(devnet.client(0).tx(tx.hashHex()).path("status").asText()).isEqualTo("committed");
        }
    }

    @Test
    void killingTheLeaderUnderAStreamOfTransfersLosesNoAcknowledgedTransfer(@TempDir Path home) throws Exception {
        try (Devnet devnet = new Devnet(home, 3, 200)) {
            KeyPair alice = devnet.key("default").keyPair();
            Account bob = Account.of(KeyPair.generate(new java.security.SecureRandom()).publicKey());
            int leader = devnet.leader(30_000);
            List<String> acknowledged = new ArrayList<>();
            long acknowledged_e9s = 0;
            long acknowledged_height = 0;
            long deadline = System.currentTimeMillis() + 90_000;
            int sent = 0;
            for (; sent < 60 && System.currentTimeMillis() < deadline; sent++) {
                if (sent == 20) {
                    assertThat(devnet.cli("devnet", "kill", "n" + leader)).isZero();
                }
                long amount = DCT + sent;
                SignedTx tx = SignedTx.sign(alice, "dcloud-devnet", nowNs(), new Transfer(null, bob, amount, OptionalLong.empty(), new byte[0]));
                for (int attempt = 0; attempt < 50 && System.currentTimeMillis() < deadline; attempt++) {
                    int via = sent < 20 ? leader : (leader + 1 + (sent + attempt) % 2) % 3;
                    JsonNode result = submitQuietly(devnet.client(via), tx);
                    if (result != null && result.path("status").asText().equals("committed")) {
                        acknowledged.add(tx.hashHex());
                        acknowledged_e9s += amount;
                        acknowledged_height = Math.max(acknowledged_height, result.path("height").asLong());
                        break;
                    }
                    Thread.sleep(200); // during the election: not acknowledged yet; the same signed tx is retried, dedup keeps it once
                }
            }
            assertThat(acknowledged.size()).as("every transfer is acknowledged, retried across the election").isEqualTo(sent);
            int survivor = (leader + 1) % 3;
            devnet.awaitHeight(survivor, acknowledged_height, 30_000);
            NodeClient client = devnet.client(survivor);
            for (String hash : acknowledged) {
                assertThat(client.tx(hash).path("status").asText()).as(hash).isEqualTo("committed");
            }
            assertThat(client.balance(bob.toText()).path("e9s").asLong()).isGreaterThanOrEqualTo(acknowledged_e9s);
            assertThat(devnet.cli("devnet", "start", "n" + leader)).isZero();
            long height = client.status().path("height").asLong();
            devnet.awaitHeight(leader, height + 1, 60_000);
            JsonNode rejoined = devnet.client(leader).block(String.valueOf(height + 1));
            JsonNode reference = client.block(String.valueOf(height + 1));
            assertThat(rejoined.path("hash").asText()).isEqualTo(reference.path("hash").asText());
            assertThat(rejoined.path("parent_state_hash").asText()).isEqualTo(reference.path("parent_state_hash").asText());
            assertThat(devnet.client(leader).balance(bob.toText()).path("e9s").asLong())
                    .isEqualTo(client.balance(bob.toText()).path("e9s").asLong());
        }
    }
}
