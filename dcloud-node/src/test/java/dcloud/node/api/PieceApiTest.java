package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.genesis.Genesis;
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
    static final long DCT = 1_000_000_000L;
    /** More than two of the node's 1 MiB read buffers, so serving a piece whole takes several. */
    static final int PIECE_BYTES = 2_500_003;
    @TempDir
    static Path dir;
    static TestNode node;
    static StorageRole storage;
    static String pieces_url;
    static final KeyPair provider = KeyPair.generate(new SecureRandom());
    static final KeyPair owner = KeyPair.generate(new SecureRandom());
    static final byte[] piece = new byte[PIECE_BYTES];
    static long contract;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        new Random(5).nextBytes(piece);
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT)), config -> config, Map.of("epoch_length_s", 3600L));
        ok(provider, new RegisterProvider(new ProviderProfile("S", "S SA", "BE", "s@s.example", "https://s.example", 9990, ""), false));
        ok(owner, new RegisterUser("owner", ""));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        pieces_url = "http://127.0.0.1:" + port;
        storage = new StorageRole(new StorageRole.Settings(dir.resolve("storage"), 10_000_000, "127.0.0.1", port, pieces_url, DCT, DCT, 100, 60_000, 32L << 20,
                node.url), provider, Clock.systemUTC());
        long deadline = System.currentTimeMillis() + 20_000;
        while (node.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey())).status() != 200) {
            assertThat(System.currentTimeMillis()).as("the storage node registers itself").isLessThan(deadline);
            Thread.sleep(50);
        }
        byte[] segment = new byte[32];
        segment[0] = 1;
        contract = ok(owner, new StorePieces(segment, 1, 2, 2, 1, PIECE_BYTES, 2,
                List.of(new StorePieces.Piece(0, provider.publicKey(), MerkleTree.root(piece))))).path("detail").asLong();
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
        JsonNode result = node.submit(node.sign(key, body)).body();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
        return result;
    }

    static HttpResponse<byte[]> put(long id, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(pieces_url + "/v1/pieces/" + id)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pieces_url + path)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
        HttpResponse<byte[]> whole = get("/v1/pieces/" + contract, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(piece);
        HttpResponse<byte[]> ranged = get("/v1/pieces/" + contract, "bytes=10-19");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(piece, 10, 20));
        assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + PIECE_BYTES);
        assertThat(get("/v1/pieces/" + contract, "bytes=-5").body()).isEqualTo(Arrays.copyOfRange(piece, PIECE_BYTES - 5, PIECE_BYTES));
        assertThat(get("/v1/pieces/" + contract, "bytes=1048570-2097160").body()).as("a range across two buffer edges")
                .isEqualTo(Arrays.copyOfRange(piece, 1_048_570, 2_097_161));
        assertThat(get("/v1/pieces/" + contract, "bytes=" + PIECE_BYTES + "-").statusCode()).isEqualTo(416);
        assertThat(get("/v1/pieces/" + (contract + 5), null).statusCode()).isEqualTo(404);
        com.fasterxml.jackson.databind.JsonNode health = TestNode.JSON.readTree(get("/v1/health", null).body());
        assertThat(health.path("used_bytes").asLong()).as("the piece and its chunk roots")
                .isEqualTo(dcloud.storage.piecestore.PieceStore.footprintBytes(PIECE_BYTES));
        assertThat(health.path("pieces").asLong()).isEqualTo(1);
    }
}
