package dcloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raft snapshots are RocksDB checkpoints; a validator that missed more than the kept log installs one. */
class SnapshotIT {
    @Test
    void aValidatorThatMissedThePurgedLogCatchesUpFromTheLeadersCheckpoint(@TempDir Path home) throws Exception {
        try (Devnet devnet = new Devnet(home, 3, 100, "--set", "snapshot_interval_entries=40", "--set", "raft_segment_size_bytes_max=65536")) {
            int leader = devnet.leader(30_000);
            int lagging = (leader + 1) % 3;
            assertThat(devnet.cli("devnet", "kill", "n" + lagging)).isZero();
            KeyPair alice = devnet.key("default").keyPair();
            Account bob = Account.of(KeyPair.generate(new java.security.SecureRandom()).publicKey());
            long created = System.currentTimeMillis() * 1_000_000L;
            for (int batch = 0; batch < 4; batch++) {
                List<String> txs = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    txs.add(Hex.encode(SignedTx.sign(alice, "dcloud-devnet", created + batch * 1000 + i,
                            new Transfer(null, bob, 1, OptionalLong.empty(), new byte[0])).bytes()));
                }
                JsonNode results = devnet.client(leader).post("/api/v1/txs?wait=true", Map.of("txs", txs)).path("results");
                assertThat(results.get(299).path("status").asText()).isEqualTo("committed");
            }
            awaitPurgedLog(devnet.nodeHome(leader), 60_000);
            assertThat(devnet.cli("devnet", "start", "n" + lagging)).isZero();
            long height = devnet.client(leader).status().path("height").asLong();
            devnet.awaitHeight(lagging, height + 1, 60_000);
            JsonNode caught_up = devnet.client(lagging).block(String.valueOf(height + 1));
            JsonNode reference = devnet.client(leader).block(String.valueOf(height + 1));
            assertThat(caught_up.path("parent_state_hash").asText()).isEqualTo(reference.path("parent_state_hash").asText());
            assertThat(devnet.client(lagging).balance(bob.toText()).path("e9s").asLong()).isEqualTo(1200);
            assertThat(Files.readString(devnet.nodeHome(lagging).resolve("node.log"))).contains("event=snapshot_installed");

            assertThat(devnet.cli("devnet", "kill", "n" + lagging)).isZero();
            assertThat(devnet.cli("devnet", "start", "n" + lagging)).isZero();
            long later = devnet.client(leader).status().path("height").asLong();
            devnet.awaitHeight(lagging, later + 1, 60_000);
            assertThat(devnet.client(lagging).block(String.valueOf(later + 1)).path("parent_state_hash").asText())
                    .as("restarted on top of an installed snapshot")
                    .isEqualTo(devnet.client(leader).block(String.valueOf(later + 1)).path("parent_state_hash").asText());
        }
    }

    /** Waits until the leader took a snapshot and deleted the first Raft log segment. */
    private static void awaitPurgedLog(Path node_home, long timeout_ms) throws Exception {
        long deadline = System.currentTimeMillis() + timeout_ms;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.walk(node_home.resolve("data").resolve("raft"))) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                boolean snapshot = names.stream().anyMatch(name -> name.startsWith("snap_"));
                boolean first_segment = names.stream().anyMatch(name -> name.startsWith("log_0-") || name.equals("log_inprogress_0"));
                if (snapshot && !first_segment) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the leader did not snapshot and purge its log within " + timeout_ms + " ms");
    }
}
