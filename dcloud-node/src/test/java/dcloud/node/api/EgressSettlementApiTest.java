package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.storage.EgressPayments;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.RegisterUser;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A storage node gets paid for what it served: once, across a restart, and for a download cut short. */
class EgressSettlementApiTest {
    static final long DCT = TestStorageNode.DCT;
    static final long WAIT_MS_MAX = 20_000;
    final KeyPair provider = KeyPair.generate(new SecureRandom());
    final KeyPair owner = KeyPair.generate(new SecureRandom());
    final KeyPair downloader = KeyPair.generate(new SecureRandom());
    @TempDir
    Path dir;
    TestNode node;
    TestStorageNode storage;
    byte[] piece;
    long contract;

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** A validator, this provider's storage node ticking every {@code tick_ms} (the first tick registers it) and one stored piece. */
    void start(int piece_bytes, long tick_ms) throws Exception {
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT), new Genesis.Allocation(Account.of(downloader.publicKey()), 100 * DCT)),
                config -> config, Map.of("epoch_length_s", 3600L));
        node.committed(owner, new RegisterUser("owner", ""));
        storage = new TestStorageNode(node, provider, dir.resolve("storage"), 64L << 20, tick_ms, 60_000);
        piece = new byte[piece_bytes];
        new Random(11).nextBytes(piece);
        contract = storage.store(owner, 0, piece, 2);
    }

    long balance(KeyPair key) throws Exception {
        return node.balance(Account.of(key.publicKey()));
    }

    void awaitUntil(String what, TestNode.Check check) throws Exception {
        node.awaitUntil(what, WAIT_MS_MAX, check);
    }

    HttpResponse<byte[]> download(String order) throws Exception {
        return storage.http.send(HttpRequest.newBuilder(URI.create(storage.url + "/v1/pieces/" + contract))
                .header(EgressOrder.HTTP_HEADER, order).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anOrderServedBeforeARestartIsSettledAfterItAndCannotBeUsedAgain() throws Exception {
        // Ticks a minute apart: nothing settles before the restart.
        start(300_001, 60_000);
        String order = PieceApiTest.orderFor(node, downloader, provider, contract, piece.length);
        long before = balance(downloader);

        assertThat(download(order).body()).isEqualTo(piece);
        storage.stopRole();
        assertThat(balance(downloader)).as("not settled before the restart").isEqualTo(before);
        storage.startRole(100);

        awaitUntil("the restarted node settles the download it served", () -> balance(downloader) != before);
        assertThat(balance(downloader)).isEqualTo(before - EgressPayments.price(piece.length, DCT));
        assertThat(download(order).statusCode()).as("the order stays used across the restart").isEqualTo(409);
    }

    @Test
    void aDownloadTheClientCutsShortPaysForTheBytesThatLeftTheNodeOnly() throws Exception {
        // Far more than loopback's socket buffers hold, so the node cannot have sent it all when the client hangs up.
        start(40 << 20, 100);
        String order = PieceApiTest.orderFor(node, downloader, provider, contract, piece.length);
        long before = balance(downloader);

        try (Socket socket = new Socket("127.0.0.1", storage.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/pieces/" + contract + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + EgressOrder.HTTP_HEADER + ": " + order + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            in.readNBytes(64 * 1024);
            socket.setSoLinger(true, 0);
        }

        awaitUntil("the node settles the bytes it sent", () -> balance(downloader) != before);
        long paid = before - balance(downloader);
        assertThat(paid).as("some of the piece, not all of it").isPositive().isLessThan(EgressPayments.price(piece.length, DCT));
    }
}
