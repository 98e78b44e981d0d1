package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.http.HttpConnection;
import dcloud.client.http.HttpPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Piece uploads and downloads against storage nodes' piece APIs over kept-alive HTTP/1.1
 * connections ({@link HttpPool}), each request bounded by {@link #REQUEST_TIMEOUT_MS}. Both
 * requests are safe to repeat: a repeated upload is answered as already stored.
 */
public final class PieceTransport implements AutoCloseable {
    static final long REQUEST_TIMEOUT_MS = 120_000;
    static final int ERROR_BODY_BYTES_MAX = 4096;
    private static final String OCTETS = "application/octet-stream";
    private final HttpPool pool;

    public PieceTransport() {
        this(REQUEST_TIMEOUT_MS);
    }

    PieceTransport(long request_timeout_ms) {
        this.pool = new HttpPool(request_timeout_ms);
    }

    /** Uploads the first {@code length} bytes of {@code piece} for {@code contract}; throws with the node's reason when it refuses. */
    public void put(String endpoint, long contract, byte[] piece, int length) throws IOException {
        put(endpoint, contract, new PieceUpload(piece, length));
    }

    /** Uploads {@code upload}'s piece for {@code contract}; {@link PieceUpload#abandon()} stops it from another thread. */
    void put(String endpoint, long contract, PieceUpload upload) throws IOException {
        String path = "/v1/pieces/" + contract;
        HttpPool.Exchange exchange = connection -> {
            try {
                upload.send(connection, "PUT", path, OCTETS);
            } catch (IOException e) {
                // A node that refuses an upload answers and closes before the body is in: its answer says why.
                try {
                    return connection.readHead();
                } catch (IOException no_answer) {
                    throw e;
                }
            }
            return connection.readHead();
        };
        pool.call(HttpConnection.authority(endpoint), exchange, (connection, head) -> {
            byte[] body = connection.readSmallBody(head, ERROR_BODY_BYTES_MAX);
            if (head.status() != 201) {
                throw new IOException("node refused the upload (" + head.status() + "): " + reason(body));
            }
            return upload.lengthBytes();
        });
    }

    /**
     * Downloads the piece of {@code contract} into the download's array, paying with {@code order}
     * (a signed egress order in hex, or null for a node that charges nothing); returns the bytes received.
     */
    int get(String endpoint, long contract, PieceDownload download, String order) throws IOException {
        String path = "/v1/pieces/" + contract;
        String header = order == null ? "" : dcloud.ledger.tx.EgressOrder.HTTP_HEADER + ": " + order + "\r\n";
        HttpPool.Exchange request = connection -> {
            if (!download.attach(connection)) {
                throw new IOException("download abandoned");
            }
            connection.send("GET", path, header, null, null, 0, 0);
            return connection.readHead();
        };
        return pool.call(HttpConnection.authority(endpoint), request, (connection, head) -> {
            if (head.status() != 200) {
                throw new IOException("node answered " + head.status() + ": " + reason(connection.readSmallBody(head, ERROR_BODY_BYTES_MAX)));
            }
            return connection.readBody(head, download);
        });
    }

    private static String reason(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode json = ObjectIndex.JSON.readTree(text);
            return json.path("error").path("message").asText(text);
        } catch (IOException e) {
            return text.length() > 200 ? text.substring(0, 200) : text;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
