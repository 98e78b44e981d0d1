package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.RegisterUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A storage node's piece API against a real validator: only uploads a ledger contract authorizes, served whole or ranged. */
class PieceApiTest {
    static final long DCT = TestStorageNode.DCT;
    /** More than two of the node's 1 MiB read buffers, so serving a piece whole takes several. */
    static final int PIECE_BYTES = 2_500_003;
    @TempDir
    static Path dir;
    static TestNode node;
    static TestStorageNode storage;
    static String pieces_url;
    static final KeyPair provider = KeyPair.generate(new SecureRandom());
    static final KeyPair owner = KeyPair.generate(new SecureRandom());
    /** Pays for the downloads of the egress test only, so other tests' downloads do not move its balance. */
    static final KeyPair downloader = KeyPair.generate(new SecureRandom());
    static final byte[] piece = new byte[PIECE_BYTES];
    static long contract;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        new Random(5).nextBytes(piece);
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT), new Genesis.Allocation(Account.of(downloader.publicKey()), 100 * DCT)),
                config -> config, Map.of("epoch_length_s", 3600L));
        ok(owner, new RegisterUser("owner", ""));
        storage = new TestStorageNode(node, provider, dir.resolve("storage"), 10_000_000, 100, 60_000);
        pieces_url = storage.url;
        http = storage.http;
        contract = storage.contract(owner, 1, piece, 2);
    }

    @AfterAll
    static void stop() {
        if (storage != null) {
            storage.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static JsonNode ok(KeyPair key, dcloud.ledger.tx.TxBody body) throws Exception {
        return node.committed(key, body);
    }

    static HttpResponse<byte[]> put(long id, byte[] body) throws Exception {
        return storage.upload(id, body);
    }

    /** GET without an egress order (health, and what a node that charges must refuse). */
    static HttpResponse<byte[]> get(String path, String range) throws Exception {
        return get(path, range, null);
    }

    static HttpResponse<byte[]> get(String path, String range, String order) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pieces_url + path)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        if (order != null) {
            request.header(dcloud.ledger.tx.EgressOrder.HTTP_HEADER, order);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A piece of {@code id}, paid by the owner's order for {@code bytes}. */
    static HttpResponse<byte[]> paidGet(long id, String range, long bytes) throws Exception {
        return get("/v1/pieces/" + id, range, order(owner, provider, id, bytes, 0));
    }

    /** A fresh signed egress order (hex) from {@code payer} to node {@code to}, expiring {@code epochs_ahead} + 2 epochs on. */
    static String order(KeyPair payer, KeyPair to, long id, long bytes, long epochs_ahead) throws Exception {
        return orderFor(node, payer, to, id, bytes, epochs_ahead);
    }

    /** Like {@link #order} on another test's {@code node}, expiring 2 epochs on. */
    static String orderFor(TestNode node, KeyPair payer, KeyPair to, long id, long bytes) throws Exception {
        return orderFor(node, payer, to, id, bytes, 0);
    }

    private static String orderFor(TestNode node, KeyPair payer, KeyPair to, long id, long bytes, long epochs_ahead) throws Exception {
        String chain_id = node.get("/api/v1/status").body().path("chain_id").asText();
        long epoch = node.get("/api/v1/storage/epoch").body().path("epoch").asLong();
        byte[] serial = new byte[dcloud.ledger.tx.EgressOrder.SERIAL_SIZE_BYTES];
        new SecureRandom().nextBytes(serial);
        return dcloud.core.bytes.Hex.encode(dcloud.ledger.tx.EgressOrder.sign(payer, chain_id, to.publicKey(), id, serial, bytes,
                epoch + 2 + epochs_ahead).toBytes());
    }

    static String error(HttpResponse<byte[]> response) throws Exception {
        return TestNode.JSON.readTree(response.body()).path("error").path("message").asText();
    }

    @Test
    void refusesUploadsNoContractAuthorizesAndNamesTheRule() throws Exception {
        HttpResponse<byte[]> unknown = put(contract + 1000, piece);
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(error(unknown)).contains("no storage contract " + (contract + 1000));
        HttpResponse<byte[]> short_piece = put(contract, Arrays.copyOf(piece, PIECE_BYTES - 1));
        assertThat(short_piece.statusCode()).isEqualTo(400);
        assertThat(error(short_piece)).contains("the piece is " + PIECE_BYTES + " bytes; the upload has " + (PIECE_BYTES - 1));
        HttpResponse<byte[]> oversized = put(contract, Arrays.copyOf(piece, PIECE_BYTES + 1));
        assertThat(oversized.statusCode()).isEqualTo(413);
        byte[] forged = piece.clone();
        forged[7] ^= 1;
        HttpResponse<byte[]> wrong_root = put(contract, forged);
        assertThat(wrong_root.statusCode()).isEqualTo(422);
        assertThat(error(wrong_root)).contains("Merkle root does not match");
        HttpResponse<byte[]> garbage_id = put(-1, piece);
        assertThat(garbage_id.statusCode()).isEqualTo(400);
        assertThat(TestNode.JSON.readTree(get("/v1/health", null).body()).path("used_bytes").asLong())
                .as("refused uploads free their space").isZero();
        assertThat(put(contract, piece).statusCode()).as("and the right piece is still accepted").isEqualTo(201);
    }

    @Test
    void refusesAStreamedUploadThatRunsPastTheContractSize() throws Exception {
        byte[] longer = Arrays.copyOf(piece, PIECE_BYTES + 4096);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(pieces_url + "/v1/pieces/" + contract))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(longer))).build();
        HttpResponse<byte[]> response = http.send(chunked, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).contains("the upload has more");
        assertThat(get("/v1/pieces/" + contract, null).statusCode()).isEqualTo(404);
    }

    @Test
    void storesTheAuthorizedPieceOnceAndServesItWholeAndRanged() throws Exception {
        assertThat(put(contract, piece).statusCode()).isEqualTo(201);
        assertThat(put(contract, piece).statusCode()).as("a repeated upload of the same piece is idempotent").isEqualTo(201);
        HttpResponse<byte[]> whole = paidGet(contract, null, PIECE_BYTES);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(piece);
        HttpResponse<byte[]> ranged = paidGet(contract, "bytes=10-19", 10);
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(piece, 10, 20));
        assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + PIECE_BYTES);
        assertThat(paidGet(contract, "bytes=-5", 5).body()).isEqualTo(Arrays.copyOfRange(piece, PIECE_BYTES - 5, PIECE_BYTES));
        assertThat(paidGet(contract, "bytes=1048570-2097160", 1_048_591).body()).as("a range across two buffer edges")
                .isEqualTo(Arrays.copyOfRange(piece, 1_048_570, 2_097_161));
        assertThat(paidGet(contract, "bytes=" + PIECE_BYTES + "-", 1).statusCode()).isEqualTo(416);
        assertThat(paidGet(contract + 5, null, 1).statusCode()).isEqualTo(404);
        com.fasterxml.jackson.databind.JsonNode health = TestNode.JSON.readTree(get("/v1/health", null).body());
        assertThat(health.path("used_bytes").asLong()).as("the piece and its chunk roots")
                .isEqualTo(dcloud.storage.piecestore.PieceStore.footprintBytes(PIECE_BYTES));
        assertThat(health.path("pieces").asLong()).isEqualTo(1);
    }

    @Test
    void servesOnlyAgainstAFreshSignedOrderThatCanPayAndSettlesWhatItServed() throws Exception {
        assertThat(put(contract, piece).statusCode()).isEqualTo(201);
        String path = "/v1/pieces/" + contract;
        HttpResponse<byte[]> unpaid = get(path, null);
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(error(unpaid)).startsWith("this node charges 1000000000 e9s per GiB downloaded: send a signed egress order");
        assertThat(get(path, null, "zz").statusCode()).isEqualTo(400);
        assertThat(error(get(path, null, order(downloader, provider, contract + 1, PIECE_BYTES, 0))))
                .startsWith("the order is for contract " + (contract + 1));
        assertThat(error(get(path, null, order(downloader, provider, contract, PIECE_BYTES - 1, 0))))
                .isEqualTo("the order allows " + (PIECE_BYTES - 1) + " bytes; the request asks " + PIECE_BYTES);
        assertThat(error(get(path, null, order(downloader, provider, contract, PIECE_BYTES, 9)))).contains("at most 8 epochs ahead");
        HttpResponse<byte[]> broke = get(path, null, order(KeyPair.generate(new SecureRandom()), provider, contract, PIECE_BYTES, 0));
        assertThat(broke.statusCode()).isEqualTo(402);
        assertThat(error(broke)).contains("holds 0 e9s, less than the");

        long before = balance(downloader);
        long provider_before = balance(provider);
        String order = order(downloader, provider, contract, PIECE_BYTES, 0);
        HttpResponse<byte[]> paid = get(path, null, order);
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo(piece);
        HttpResponse<byte[]> again = get(path, null, order);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).contains("already used");
        long price = dcloud.ledger.storage.EgressPayments.price(PIECE_BYTES, DCT);
        long deadline = System.currentTimeMillis() + 20_000;
        while (balance(downloader) == before) {
            assertThat(System.currentTimeMillis()).as("the node settles the order on-ledger").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(balance(downloader)).as("the downloader paid the node's egress price").isEqualTo(before - price);
        assertThat(balance(provider)).as("less the 2%% payment fee, possibly more orders").isGreaterThanOrEqualTo(provider_before + price - price * 200 / 10_000);
    }

    static long balance(KeyPair key) throws Exception {
        return node.get("/api/v1/accounts/" + Account.of(key.publicKey()).toText() + "/balance").body().path("e9s").asLong();
    }
}
