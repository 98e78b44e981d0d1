package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.StorePieces;
import dcloud.node.storage.StorageRole;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A registered provider's storage role beside a {@link TestNode} validator, in this JVM, on a free
 * loopback port: what the piece, proof and egress API tests all start from. It charges 1 DCT per
 * GiB-epoch stored and per GiB downloaded.
 */
final class TestStorageNode implements AutoCloseable {
    static final long DCT = 1_000_000_000L;
    static final long REGISTER_WAIT_MS_MAX = 40_000;
    final TestNode validator;
    final KeyPair provider;
    final int port;
    final String url;
    final HttpClient http = HttpClient.newHttpClient();
    private StorageRole.Settings settings;
    private StorageRole role;

    /**
     * Registers {@code provider} as a provider, starts its storage role in {@code dir} (proving and
     * settling every {@code tick_ms}, scrubbing every {@code scrub_interval_ms}) and waits until
     * the role has registered itself as a storage node.
     */
    TestStorageNode(TestNode validator, KeyPair provider, Path dir, long capacity_bytes, long tick_ms, long scrub_interval_ms) throws Exception {
        this.validator = validator;
        this.provider = provider;
        validator.committed(provider, new RegisterProvider(new ProviderProfile("S", "S SA", "BE", "s@s.example", "https://s.example", 9990, ""), false));
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        this.url = "http://127.0.0.1:" + port;
        this.settings = new StorageRole.Settings(dir, capacity_bytes, "127.0.0.1", port, url, DCT, DCT, tick_ms, scrub_interval_ms, 32L << 20,
                validator.url);
        this.role = new StorageRole(settings, provider, Clock.systemUTC());
        validator.awaitUntil("the storage node registers itself", REGISTER_WAIT_MS_MAX,
                () -> validator.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey())).status() == 200);
    }

    /** Stops the role, as a node process stopping would (its journal and pieces stay on disk). */
    void stopRole() {
        role.close();
        role = null;
    }

    /** Starts the stopped role again on the same directory and port, ticking every {@code tick_ms}. */
    void startRole(long tick_ms) throws Exception {
        assertThat(role).as("the role is stopped").isNull();
        StorageRole.Settings s = settings;
        settings = new StorageRole.Settings(s.dir(), s.capacityBytes(), s.host(), s.port(), s.publicUrl(), s.pricePerGibEpochE9s(),
                s.egressPricePerGibE9s(), tick_ms, s.scrubIntervalMs(), s.scrubBytesPerSecond(), s.ledgerUrls());
        role = new StorageRole(settings, provider, Clock.systemUTC());
    }

    /** Commits {@code owner}'s contract for {@code piece} on this node (segment {@code segment_tag}, {@code epochs} long); returns its id. */
    long contract(KeyPair owner, int segment_tag, byte[] piece, long epochs) throws Exception {
        byte[] segment = new byte[32];
        segment[0] = (byte) segment_tag;
        return validator.committed(owner, new StorePieces(segment, 1, 2, 2, 1, piece.length, epochs,
                List.of(new StorePieces.Piece(0, provider.publicKey(), MerkleTree.root(piece))))).path("detail").asLong();
    }

    HttpResponse<byte[]> upload(long contract, byte[] piece) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/v1/pieces/" + contract)).PUT(HttpRequest.BodyPublishers.ofByteArray(piece)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Commits a contract for {@code piece} and uploads it; returns the contract id. */
    long store(KeyPair owner, int segment_tag, byte[] piece, long epochs) throws Exception {
        long contract = contract(owner, segment_tag, piece, epochs);
        assertThat(upload(contract, piece).statusCode()).as("upload of contract %d", contract).isEqualTo(201);
        return contract;
    }

    @Override
    public void close() {
        if (role != null) {
            role.close();
        }
    }
}
