package dcloud.storage.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.MerkleTree;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * Real HTTP piece servers on loopback for client tests, one per piece, each serving its piece at
 * {@code /v1/pieces/{100 + index}} after a chosen delay, and the segment as the ledger lists it
 * (the Merkle roots are those of the pieces as stored, before any {@link #damage}).
 */
final class PieceServers implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();
    private final byte[][] served;
    /** Piece indices in the order their requests arrived. */
    final ConcurrentLinkedQueue<Integer> requested = new ConcurrentLinkedQueue<>();
    final ObjectNode segment;

    /** Serves the first {@code piece_size} bytes of each of {@code pieces}, piece i after {@code delay_ms[i]}. */
    PieceServers(byte[][] pieces, int piece_size, long... delay_ms) throws IOException {
        served = new byte[pieces.length][];
        segment = new ObjectMapper().createObjectNode().put("id", "s").put("piece_size_bytes", piece_size).put("total_shards", pieces.length);
        ArrayNode listed = segment.putArray("pieces");
        for (int i = 0; i < pieces.length; i++) {
            served[i] = Arrays.copyOf(pieces[i], piece_size);
            int index = i;
            long delay = delay_ms.length == 0 ? 0 : delay_ms[i];
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/pieces/", exchange -> {
                requested.add(index);
                pause(delay);
                exchange.sendResponseHeaders(200, piece_size);
                try (var body = exchange.getResponseBody()) {
                    body.write(served[index]);
                } catch (IOException e) {
                    // the client abandoned this download
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            servers.add(server);
            listed.addObject().put("index", i).put("id", 100 + i).put("node", "node" + i)
                    .put("endpoint", "http://127.0.0.1:" + server.getAddress().getPort())
                    .put("merkle_root", Hex.encode(MerkleTree.root(served[i]))).put("healthy", true);
        }
    }

    /** Flips one byte of what the server of piece {@code index} sends from now on (its root on the "ledger" stays). */
    void damage(int index, int offset) {
        served[index][offset] ^= 0x5a;
    }

    long requests(int index) {
        return requested.stream().filter(i -> i == index).count();
    }

    private static void pause(long delay_ms) {
        try {
            Thread.sleep(delay_ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
    }
}
