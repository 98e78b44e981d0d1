package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.MerkleTree;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The downloader against real HTTP piece servers on loopback, one per piece, some of them slow. */
class DownloaderTest {
    private static final int K = 4;
    private static final int N = 8;
    private static final int PIECE_BYTES = 64 * 1024;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Integer> requested = new ConcurrentLinkedQueue<>();
    private final byte[][] pieces = new byte[N][PIECE_BYTES];

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    /** Serves piece i at /v1/pieces/{100 + i}, after {@code delay_ms[i]}; returns the segment as the ledger shows it. */
    private ObjectNode segment(long... delay_ms) throws Exception {
        new Random(41).nextBytes(pieces[0]);
        ObjectNode segment = new ObjectMapper().createObjectNode().put("id", "s").put("piece_size_bytes", PIECE_BYTES).put("total_shards", N);
        ArrayNode listed = segment.putArray("pieces");
        for (int i = 0; i < N; i++) {
            new Random(i).nextBytes(pieces[i]);
            int index = i;
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/pieces/", exchange -> {
                requested.add(index);
                try {
                    Thread.sleep(delay_ms[index]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, PIECE_BYTES);
                try (var body = exchange.getResponseBody()) {
                    body.write(pieces[index]);
                } catch (java.io.IOException e) {
                    // the client abandoned this download
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            servers.add(server);
            listed.addObject().put("index", i).put("id", 100 + i).put("node", "node" + i).put("endpoint", "http://127.0.0.1:" + server.getAddress().getPort())
                    .put("merkle_root", Hex.encode(MerkleTree.root(pieces[i]))).put("healthy", true);
        }
        return segment;
    }

    private Downloader.Fetched fetch(ObjectNode segment) throws Exception {
        return new Downloader(null, new PieceTransport()).fetch(segment, K, Progress.NONE, new Stripe(N, PIECE_BYTES));
    }

    @Test
    void readsOnlyTheKDataPiecesWhenEveryNodeAnswersPromptly() throws Exception {
        Downloader.Fetched fetched = fetch(segment(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(requested).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (int i = 0; i < K; i++) {
            assertThat(fetched.pieces()[i]).as("piece %d", i).isEqualTo(pieces[i]);
        }
        assertThat(fetched.pieces()[K]).isNull();
    }

    @Test
    void hedgesASlowNodeWithTheNextPieceAndUsesWhicheverArrives() throws Exception {
        long start_ns = System.nanoTime();
        Downloader.Fetched fetched = fetch(segment(0, 0, 5_000, 0, 0, 0, 0, 0));
        assertThat((System.nanoTime() - start_ns) / 1_000_000).as("did not wait for the slow node").isLessThan(4_000);
        assertThat(requested).contains(0, 1, 2, 3, 4);
        assertThat(fetched.pieces()[4]).isEqualTo(pieces[4]);
        assertThat(fetched.pieces()[2]).as("the slow piece was abandoned").isNull();
    }
}
