package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.storage.EgressPayments;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.StorePieces;
import dcloud.node.storage.StorageRole;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A storage node that stops between serving a download and settling it still gets paid, once. */
class EgressRestartApiTest {
    static final long DCT = 1_000_000_000L;
    static final int PIECE_BYTES = 300_001;
    final KeyPair provider = KeyPair.generate(new SecureRandom());
    final KeyPair owner = KeyPair.generate(new SecureRandom());
    final KeyPair downloader = KeyPair.generate(new SecureRandom());
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    TestNode node;
    StorageRole storage;

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.close();
        }
        if (node != null) {
            node.close();
        }
    }

    StorageRole storageRole(int port, long tick_ms) throws Exception {
        return new StorageRole(new StorageRole.Settings(dir.resolve("storage"), 10_000_000, "127.0.0.1", port, "http://127.0.0.1:" + port,
                DCT, DCT, tick_ms, 60_000, 32L << 20, node.url), provider, Clock.systemUTC());
    }

    void committed(KeyPair key, dcloud.ledger.tx.TxBody body) throws Exception {
        var result = node.submit(node.sign(key, body)).body();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
    }

    long balance(KeyPair key) throws Exception {
        return node.get("/api/v1/accounts/" + Account.of(key.publicKey()).toText() + "/balance").body().path("e9s").asLong();
    }

    HttpResponse<byte[]> download(int port, long contract, String order) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/pieces/" + contract))
                .header(EgressOrder.HTTP_HEADER, order).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anOrderServedBeforeARestartIsSettledAfterItAndCannotBeUsedAgain() throws Exception {
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT), new Genesis.Allocation(Account.of(downloader.publicKey()), 100 * DCT)),
                config -> config, Map.of("epoch_length_s", 3600L));
        committed(provider, new RegisterProvider(new ProviderProfile("S", "S SA", "BE", "s@s.example", "https://s.example", 9990, ""), false));
        committed(owner, new RegisterUser("owner", ""));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // One tick at start (it registers the node), the next a minute later: nothing settles before the restart.
        storage = storageRole(port, 60_000);
        long deadline_ms = System.currentTimeMillis() + 20_000;
        while (node.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey())).status() != 200) {
            assertThat(System.currentTimeMillis()).as("the storage node registers itself").isLessThan(deadline_ms);
            Thread.sleep(50);
        }
        byte[] piece = new byte[PIECE_BYTES];
        new Random(11).nextBytes(piece);
        var stored = node.submit(node.sign(owner, new StorePieces(new byte[32], 1, 2, 2, 1, PIECE_BYTES, 2,
                List.of(new StorePieces.Piece(0, provider.publicKey(), MerkleTree.root(piece)))))).body();
        long contract = stored.path("detail").asLong();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/pieces/" + contract))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(piece)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
        String order = PieceApiTest.orderFor(node, downloader, provider, contract, PIECE_BYTES);
        long before = balance(downloader);

        assertThat(download(port, contract, order).body()).isEqualTo(piece);
        storage.close();
        assertThat(balance(downloader)).as("not settled before the restart").isEqualTo(before);
        storage = storageRole(port, 100);

        deadline_ms = System.currentTimeMillis() + 20_000;
        while (balance(downloader) == before) {
            assertThat(System.currentTimeMillis()).as("the restarted node settles the download it served").isLessThan(deadline_ms);
            Thread.sleep(50);
        }
        assertThat(balance(downloader)).isEqualTo(before - EgressPayments.price(PIECE_BYTES, DCT));
        HttpResponse<byte[]> again = download(port, contract, order);
        assertThat(again.statusCode()).as("the order stays used across the restart").isEqualTo(409);
    }
}
