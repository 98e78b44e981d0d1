package dcloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.keys.KeyStore;
import dcloud.client.NodeClient;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.Mnemonic;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.state.Values;
import dcloud.storage.client.LedgerAccess;
import dcloud.storage.client.ObjectIndex;
import dcloud.storage.client.Orphans;
import dcloud.storage.client.Progress;
import dcloud.storage.client.Redundancy;
import dcloud.storage.client.StorageClient;
import dcloud.storage.client.StorageException;
import dcloud.storage.client.StorageKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage network end to end on a devnet of one validator and eight storage node processes,
 * driven through the real CLI: round trips, no plaintext on disk, restore from the mnemonic alone,
 * a damaged piece caught by the proofs and repaired, and kill -9 of four, then five, nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageIT {
    static final long SEED = Long.getLong("dcloud.seed", 20261121L);
    static final long EPOCH_S = 6;
    static final byte[] MARKER = "dcloud-known-plaintext-marker:".getBytes(StandardCharsets.US_ASCII);
    @TempDir static Path dir;
    static Devnet devnet;
    static String ledger;

    @BeforeAll
    static void startDevnet() throws Exception {
        devnet = new Devnet(dir.resolve("home"), 1, 250, "--storage-nodes", "8", "--genesis-param", "epoch_length_s=" + EPOCH_S,
                "--genesis-param", "storage_disqualify_failures=10", "--set", "storage_proof_interval_ms=300", "--set", "storage_scrub_interval_ms=3000");
        ledger = "http://127.0.0.1:" + devnet.base_port;
        assertThat(devnet.cli("user", "register", "--name", "it")).isZero();
    }

    @AfterAll
    static void stopDevnet() {
        if (devnet != null) {
            devnet.close();
        }
    }

    static Path file(String name, int size_bytes) throws IOException {
        byte[] bytes = new byte[size_bytes];
        Random random = new Random(SEED + size_bytes);
        for (int i = 0; i < size_bytes; i++) {
            bytes[i] = (i % 64) < MARKER.length ? MARKER[i % 64] : (byte) random.nextInt(256);
        }
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    static void put(Path file, String name) {
        assertThat(devnet.cli("storage", "put", file.toString(), "--name", name, "--segment-mib", "1"))
                .as("seed %d: put %s", SEED, name).isZero();
    }

    static void assertRoundTrip(Path file, String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        assertThat(devnet.cli("storage", "get", name, out.toString())).as("seed %d: get %s", SEED, name).isZero();
        assertThat(Files.readAllBytes(out)).as("seed %d: %s comes back identical", SEED, name).isEqualTo(Files.readAllBytes(file));
        Files.delete(out);
    }

    @Test
    @Order(1)
    void roundTripsEmptyOneByteSegmentSizedAndMultiSegmentFilesAndLeavesNoPlaintextOnDisk() throws Exception {
        List<Path> files = List.of(file("empty", 0), file("one", 1), file("segment", 1024 * 1024), file("multi", 2_700_000));
        for (Path f : files) {
            put(f, f.getFileName().toString());
        }
        for (Path f : files) {
            assertRoundTrip(f, f.getFileName().toString());
        }
        List<Path> pieces = pieceFiles();
        assertThat(pieces).as("pieces landed on the storage nodes' disks").hasSizeGreaterThanOrEqualTo(8 * 4);
        for (Path piece : pieces) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(piece);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // each put replaces the index backup, and nodes delete the old backup's pieces once its contracts are cancelled
            }
            assertThat(indexOf(bytes, MARKER)).as("%s holds no plaintext of the known file", piece).isEqualTo(-1);
        }
        assertThat(indexOf(Files.readAllBytes(dir.resolve("multi")), MARKER)).as("the marker is in the plaintext").isZero();
    }

    @Test
    @Order(2)
    void restoresTheIndexOnAFreshHomeFromTheMnemonicAlone() throws Exception {
        KeyStore.StoredKey key = devnet.key("default");
        Path fresh = dir.resolve("fresh-home");
        assertThat(dcloud.cli.Main.run("--home", fresh.toString(), "keys", "import", "me", "--mnemonic", key.mnemonic())).isZero();
        assertThat(dcloud.cli.Main.run("--home", fresh.toString(), "--node", ledger, "--key", "me", "storage", "restore")).isZero();
        Path out = dir.resolve("restored.out");
        assertThat(dcloud.cli.Main.run("--home", fresh.toString(), "--node", ledger, "--key", "me", "storage", "get", "multi", out.toString())).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(dir.resolve("multi")));
        try (ObjectIndex index = new ObjectIndex(fresh.resolve("storage").resolve(key.account()).resolve("index"))) {
            assertThat(index.list()).extracting(o -> o.name()).containsExactly("empty", "multi", "one", "segment");
        }
    }

    @Test
    @Order(3)
    void aFlippedByteFailsTheNextProofCostsReputationIsReadAroundAndRepairRestoresRedundancy() throws Exception {
        Path f = file("damaged", 300_000);
        put(f, "damaged");
        JsonNode segment = segmentsOf("damaged").get(0);
        List<JsonNode> victims = new ArrayList<>();
        segment.path("pieces").forEach(victims::add);
        victims = victims.subList(0, 3);
        for (JsonNode piece : victims) {
            flipOneByte(piece.path("id").asLong());
        }
        NodeClient api = new NodeClient(ledger);
        List<Long> victim_ids = victims.stream().map(piece -> piece.path("id").asLong()).toList();
        // Judged by id, then by count: an undamaged piece that missed one proof (a node stalled on a
        // loaded machine) is unhealthy for an epoch and healthy again after its next proof.
        long deadline = System.currentTimeMillis() + 6 * EPOCH_S * 1000;
        while (System.currentTimeMillis() < deadline && !unhealthyPieces("damaged").containsAll(victim_ids)) {
            Thread.sleep(200);
        }
        assertThat(unhealthyPieces("damaged")).as("the three damaged pieces failed their proofs on-ledger").containsAll(victim_ids);
        deadline = System.currentTimeMillis() + 3 * EPOCH_S * 1000;
        while (System.currentTimeMillis() < deadline && segmentsOf("damaged").get(0).path("healthy_pieces").asInt() != 5) {
            Thread.sleep(200);
        }
        JsonNode after = segmentsOf("damaged").get(0);
        assertThat(after.path("healthy_pieces").asInt()).as("the five undamaged pieces are healthy").isEqualTo(5);
        for (JsonNode piece : victims) {
            JsonNode history = api.get("/api/v1/reputation/" + piece.path("node").asText());
            assertThat(history.toString()).as("node %s lost reputation", piece.path("node").asText()).contains("storage_proof_failed");
        }
        String logs = storageNodeLogs();
        for (JsonNode piece : victims) {
            assertThat(logs).as("the holder of contract %d found the damage and dropped the piece", piece.path("id").asLong())
                    .contains("event=piece_damaged contract=" + piece.path("id").asLong() + " ");
        }
        assertRoundTrip(f, "damaged");
        assertThat(devnet.cli("storage", "repair")).isZero();
        assertThat(segmentsOf("damaged").get(0).path("healthy_pieces").asInt()).as("repair restored full redundancy").isEqualTo(8);
        assertRoundTrip(f, "damaged");
    }

    @Test
    @Order(4)
    void getSurvivesFourKilledNodesAndAFifthKillFailsNamingTheMissingPieces() throws Exception {
        Path f = file("survivor", 1_500_000);
        put(f, "survivor");
        for (int i = 0; i < 4; i++) {
            assertThat(devnet.cli("devnet", "kill", "s" + i)).isZero();
        }
        assertRoundTrip(f, "survivor");
        assertThat(devnet.cli("devnet", "kill", "s4")).isZero();
        assertThat(devnet.cli("storage", "get", "survivor", dir.resolve("lost.out").toString())).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("lost.out"))).as("a failed get leaves no partial file").isFalse();
        assertThatThrownBy(() -> withClient(client -> client.get("survivor", dir.resolve("lost.out"), dcloud.storage.client.Progress.NONE)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("survivor, segment 1 of 2")
                .hasMessageContaining("only 3 of the 4 pieces needed could be read")
                .hasMessageContaining("missing pieces: piece")
                .hasMessageContaining("node unreachable");
        assertThat(devnet.cli("devnet", "start", "s0", "s1", "s2", "s3", "s4")).isZero();
    }

    @Test
    @Order(5)
    void aPutThatCannotPlaceEveryPieceFailsNamingTheNodeAndLeavesNoContractOpen() throws Exception {
        List<Long> open_before = openContracts();
        String dead = dcloud.node.config.NodeConfig.load(devnet.storageHome(7)).storagePublicUrl();
        assertThat(devnet.cli("devnet", "kill", "s7")).isZero();
        try {
            Path f = file("unplaced", 2_700_000);
            // 4-of-8 with no spares needs all 8 nodes: every segment stores 7 pieces and fails.
            assertThatThrownBy(() -> withClient(client -> client.put(f, "unplaced", Redundancy.parse("4/8", 0), 100, Progress.NONE)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("of 8 pieces of segment")
                    .hasMessageContaining(" at " + dead + ": ")
                    .hasMessageContaining("storage contracts it had left open were cancelled, refunding their unearned escrow");
            assertThat(openContracts()).as("seed %d: the failed put left no contract open", SEED).isEqualTo(open_before);
            assertThat(devnet.cli("storage", "stat", "unplaced")).as("the failed put is not in the index").isEqualTo(1);
        } finally {
            assertThat(devnet.cli("devnet", "start", "s7")).isZero();
            // The next test's put needs all 8 nodes at once: a node still binding its port would refuse a piece.
            assertThat(new NodeClient(dead).get("/v1/health").path("account").asText()).as("devnet start returns once the node answers").isNotEmpty();
        }
    }

    @Test
    @Order(6)
    void contractsOfAPutKilledMidwayAreCancelledByTheNextPut() throws Exception {
        List<Long> open_before = openContracts();
        Path big = file("interrupted", 96 * 1024 * 1024);
        String java_bin = ProcessHandle.current().info().command().orElseThrow();
        Process put = new ProcessBuilder(java_bin, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dcloud.cli.Main", "--home", devnet.home.toString(), "storage", "put", big.toString(), "--name", "interrupted",
                "--segment-mib", "1", "--spares", "0", "--no-backup").redirectErrorStream(true).redirectOutput(dir.resolve("interrupted.log").toFile()).start();
        try {
            long deadline_ms = System.currentTimeMillis() + 60_000;
            while (openContracts().size() < open_before.size() + 16) {
                assertThat(put.isAlive()).as("the put is still running when its first segments' contracts commit").isTrue();
                assertThat(System.currentTimeMillis()).as("the put opens contracts").isLessThan(deadline_ms);
                Thread.sleep(20);
            }
        } finally {
            put.destroyForcibly(); // SIGKILL: no shutdown hook, no undo
            assertThat(put.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(openContracts().size()).as("the killed put left contracts open").isGreaterThan(open_before.size());

        Path small = file("after-interrupted", 1000);
        // No index backup: a new backup replaces the old one's contracts, which would blur the count.
        Devnet.CliRun after = devnet.cliRun("storage", "put", small.toString(), "--name", "after-interrupted", "--no-backup");
        assertThat(after.exit()).as("the put after the killed one: %s", after.err()).isZero();
        List<Long> expected = withActiveContractsOf(open_before, "after-interrupted");
        assertThat(openContracts()).as("seed %d: the next put cancelled the killed put's contracts", SEED).containsExactlyInAnyOrderElementsOf(expected);
        assertRoundTrip(small, "after-interrupted");
    }

    @Test
    @Order(7)
    void aKilledPutsContractsTxThatReachesTheLedgerOnlyAfterTheReclaimOpensNothing() throws Exception {
        List<Long> open_before = openContracts();
        // What a put killed between recording a segment and its tx's commit leaves: the record, and a tx
        // that may still arrive (here it was never sent; the test sends a copy after the reclaim).
        byte[] segment_id = new byte[32];
        new Random(SEED).nextBytes(segment_id);
        List<dcloud.ledger.tx.StorePieces.Piece> pieces = new ArrayList<>();
        for (JsonNode node : new NodeClient(ledger).get("/api/v1/storage/nodes").path("nodes")) {
            if (node.path("disqualified").asBoolean()) {
                continue;
            }
            byte[] root = new byte[32];
            root[0] = (byte) pieces.size();
            pieces.add(new dcloud.ledger.tx.StorePieces.Piece(pieces.size(), dcloud.core.account.Account.parse(node.path("account").asText()).owner(), root));
        }
        LedgerAccess access = new LedgerAccess(new NodeClient(ledger), devnet.key("default").keyPair());
        dcloud.ledger.tx.SignedTx late = access.sign(new dcloud.ledger.tx.StorePieces(segment_id, 4, pieces.size(), pieces.size(),
                4 + (pieces.size() - 4) / 2, 4096, 1, pieces));
        try (ObjectIndex index = new ObjectIndex(indexDir(devnet.home))) {
            index.pendingSegment("ab".repeat(32), Hex.encode(segment_id), late.bytes());
        }

        Path small = file("after-late", 1000);
        Devnet.CliRun after = devnet.cliRun("storage", "put", small.toString(), "--name", "after-late", "--no-backup");
        assertThat(after.exit()).as("the put after the killed one: %s", after.err()).isZero();
        assertThat(after.err()).as("the reclaim settled the recorded tx, then cancelled what it opened").contains("cancelled the " + pieces.size() + " storage contracts of an interrupted put");
        // The copy a slow mempool or a late request would deliver now: the ledger takes a tx once.
        JsonNode resent = new NodeClient(ledger).post("/api/v1/tx?wait=true", java.util.Map.of("tx", Hex.encode(late.bytes())));
        assertThat(resent.path("status").asText()).as("the late copy: %s", resent).isEqualTo("committed");
        List<Long> expected = withActiveContractsOf(open_before, "after-late");
        assertThat(openContracts()).as("seed %d: the late tx opened no contract", SEED).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(8)
    void contractsNoIndexNamesAreListedAsOrphansAndCancelledOnlyWhenAsked() throws Exception {
        List<Long> open_before = openContracts();
        Path f = file("orphan-me", 300_000);
        assertThat(devnet.cli("storage", "put", f.toString(), "--name", "orphan-me", "--segment-mib", "1", "--spares", "0", "--no-backup")).isZero();
        List<String> orphan_segments = segmentsOf("orphan-me").stream().map(s -> s.path("id").asText()).toList();
        List<String> backed_up = segmentsOf("multi").stream().map(s -> s.path("id").asText()).toList();
        try (ObjectIndex index = new ObjectIndex(indexDir(devnet.home))) {
            index.delete("orphan-me"); // the index entry is lost: nothing names the segment now
        }
        List<Orphans.Segment> found = new ArrayList<>();
        withClient(devnet.home, client -> found.addAll(new Orphans(client).find()));
        assertThat(found).as("seed %d: the unnamed segment, and nothing else", SEED).extracting(Orphans.Segment::segment).isEqualTo(orphan_segments);
        assertThat(openContracts()).as("listing cancels nothing").containsAll(found.get(0).contracts()).hasSize(open_before.size() + found.get(0).contracts().size());

        // A fresh machine with the same key knows only what the index backup names: that is kept, the rest is listed.
        Path fresh = dir.resolve("orphans-home");
        assertThat(dcloud.cli.Main.run("--home", fresh.toString(), "keys", "import", "default", "--mnemonic", devnet.key("default").mnemonic())).isZero();
        List<String> seen_fresh = new ArrayList<>();
        withClient(fresh, client -> new Orphans(client).find().forEach(o -> seen_fresh.add(o.segment())));
        assertThat(seen_fresh).containsAll(orphan_segments).doesNotContainAnyElementsOf(backed_up);

        assertThat(devnet.cli("storage", "orphans", "--cancel")).isZero();
        assertThat(openContracts()).as("seed %d: exactly the orphan's contracts were cancelled", SEED).containsExactlyInAnyOrderElementsOf(open_before);
        withClient(devnet.home, client -> assertThat(new Orphans(client).find()).isEmpty());
        assertRoundTrip(dir.resolve("multi"), "multi");
    }

    /** The ids of the contracts this user has open, from the ledger. */
    static List<Long> openContracts() throws Exception {
        List<Long> open = new ArrayList<>();
        String account = devnet.key("default").account();
        String after = "";
        for (int page = 0; page < 100; page++) {
            JsonNode listed = new NodeClient(ledger).get("/api/v1/storage/contracts?owner=" + account + after);
            for (JsonNode contract : listed.path("contracts")) {
                if (contract.path("state").asText().equals("active")) {
                    open.add(contract.path("id").asLong());
                }
            }
            if (listed.path("next_after").isNull()) {
                return open;
            }
            after = "&after=" + listed.path("next_after").asLong();
        }
        throw new IllegalStateException("more than 100 pages of contracts");
    }

    interface ClientAction {
        void run(StorageClient client) throws Exception;
    }

    static void withClient(ClientAction action) throws Exception {
        withClient(devnet.home, action);
    }

    /** A storage client of the devnet's default key, with the object index of the CLI home {@code home}. */
    static void withClient(Path home, ClientAction action) throws Exception {
        KeyStore.StoredKey key = devnet.key("default");
        try (ObjectIndex index = new ObjectIndex(indexDir(home))) {
            StorageClient client = new StorageClient(new LedgerAccess(new NodeClient(ledger), key.keyPair()), index,
                    new StorageKeys(Mnemonic.toSeed(key.mnemonic(), "")), 1024 * 1024);
            action.run(client);
        }
    }

    static Path indexDir(Path home) throws Exception {
        return home.resolve("storage").resolve(devnet.key("default").account()).resolve("index");
    }

    /** {@code open} and the ids of the active contracts of object {@code name}'s pieces. */
    static List<Long> withActiveContractsOf(List<Long> open, String name) throws Exception {
        List<Long> out = new ArrayList<>(open);
        for (JsonNode segment : segmentsOf(name)) {
            for (JsonNode piece : segment.path("pieces")) {
                if (piece.path("state").asText().equals("active")) {
                    out.add(piece.path("id").asLong());
                }
            }
        }
        return out;
    }

    /** The contract ids of the pieces of {@code name}'s first segment that the ledger judges unhealthy. */
    static List<Long> unhealthyPieces(String name) throws Exception {
        List<Long> out = new ArrayList<>();
        for (JsonNode piece : segmentsOf(name).get(0).path("pieces")) {
            if (!piece.path("healthy").asBoolean()) {
                out.add(piece.path("id").asLong());
            }
        }
        return out;
    }

    static List<JsonNode> segmentsOf(String name) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        withClient(client -> out.addAll(client.segments(client.require(name))));
        return out;
    }

    static List<Path> pieceFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path pieces = devnet.storageHome(i).resolve("storage").resolve("pieces");
            try (Stream<Path> walk = Files.walk(pieces)) {
                walk.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        return out;
    }

    static String storageNodeLogs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            out.append(Files.readString(devnet.storageHome(i).resolve("node.log")));
        }
        return out.toString();
    }

    static void flipOneByte(long contract) throws IOException {
        String hex = Hex.encode(Sha256.hash(Values.u64(contract)));
        for (int i = 0; i < 8; i++) {
            Path piece = devnet.storageHome(i).resolve("storage").resolve("pieces").resolve(hex.substring(0, 2)).resolve(hex);
            if (Files.exists(piece)) {
                byte[] bytes = Files.readAllBytes(piece);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(piece, bytes);
                return;
            }
        }
        throw new IllegalStateException("no node holds the piece of contract " + contract);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
