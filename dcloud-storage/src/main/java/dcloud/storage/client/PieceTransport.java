package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Piece uploads and downloads against storage nodes' piece APIs over kept-alive HTTP/1.1
 * connections ({@link PieceConnection}), each request bounded by {@link #REQUEST_TIMEOUT_MS}.
 * Idle connections are kept per node, at most {@link #IDLE_PER_NODE_MAX} of them and for at most
 * {@link #IDLE_MS_MAX} (below the nodes' own idle timeout). A request that fails on a kept
 * connection before any answer arrived is retried once on a fresh one (the node may have closed
 * it); both requests are idempotent, a repeated upload is answered as already stored.
 */
public final class PieceTransport implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 3_000;
    static final long REQUEST_TIMEOUT_MS = 120_000;
    static final int IDLE_PER_NODE_MAX = 8;
    static final long IDLE_MS_MAX = 10_000;
    static final int ERROR_BODY_BYTES_MAX = 4096;
    private final long request_timeout_ms;
    private final Map<String, ArrayDeque<PieceConnection>> idle = new HashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "piece-transport-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public PieceTransport() {
        this(REQUEST_TIMEOUT_MS);
    }

    PieceTransport(long request_timeout_ms) {
        if (request_timeout_ms < 1) {
            throw new IllegalArgumentException("request_timeout_ms must be positive, not " + request_timeout_ms);
        }
        this.request_timeout_ms = request_timeout_ms;
    }

    /** Uploads the first {@code length} bytes of {@code piece} for {@code contract}; throws with the node's reason when it refuses. */
    public void put(String endpoint, long contract, byte[] piece, int length) throws IOException {
        String authority = PieceConnection.authority(endpoint);
        String path = "/v1/pieces/" + contract;
        Exchange upload = connection -> {
            try {
                connection.send("PUT", path, piece, 0, length);
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
        call(authority, upload, (connection, head) -> {
            byte[] body = connection.readSmallBody(head, ERROR_BODY_BYTES_MAX);
            if (head.status() != 201) {
                throw new IOException("node refused the upload (" + head.status() + "): " + reason(body));
            }
            return length;
        });
    }

    /** Downloads the piece of {@code contract} into the download's array; returns the bytes received. */
    int get(String endpoint, long contract, PieceDownload download) throws IOException {
        String authority = PieceConnection.authority(endpoint);
        String path = "/v1/pieces/" + contract;
        Exchange request = connection -> {
            if (!download.attach(connection)) {
                throw new IOException("download abandoned");
            }
            connection.send("GET", path, null, 0, 0);
            return connection.readHead();
        };
        return call(authority, request, (connection, head) -> {
            if (head.status() != 200) {
                throw new IOException("node answered " + head.status() + ": " + reason(connection.readSmallBody(head, ERROR_BODY_BYTES_MAX)));
            }
            return connection.readBody(head, download);
        });
    }

    /** Sends a request on a connection and reads the answer's head. */
    private interface Exchange {
        PieceConnection.Head start(PieceConnection connection) throws IOException;
    }

    /** Reads the rest of an answer; returns the request's result. */
    private interface Finish {
        int finish(PieceConnection connection, PieceConnection.Head head) throws IOException;
    }

    private int call(String authority, Exchange exchange, Finish finish) throws IOException {
        PieceConnection connection = take(authority);
        boolean reused = connection != null;
        if (!reused) {
            connection = PieceConnection.open(authority, CONNECT_TIMEOUT_MS);
        }
        ScheduledFuture<?> deadline = deadlines.schedule(connection::expire, request_timeout_ms, TimeUnit.MILLISECONDS);
        boolean keep = false;
        try {
            PieceConnection.Head head;
            try {
                head = exchange.start(connection);
            } catch (SocketException | EOFException e) {
                if (!reused || connection.timedOut()) {
                    throw e;
                }
                // A kept connection the node had already closed: once more on a fresh one.
                deadline.cancel(false);
                connection.close();
                connection = PieceConnection.open(authority, CONNECT_TIMEOUT_MS);
                deadline = deadlines.schedule(connection::expire, request_timeout_ms, TimeUnit.MILLISECONDS);
                head = exchange.start(connection);
            }
            int result = finish.finish(connection, head);
            keep = head.keepAlive();
            return result;
        } catch (IOException e) {
            if (connection.timedOut()) {
                throw new IOException("the node did not finish within " + request_timeout_ms + " ms", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
            if (keep && !connection.timedOut()) {
                offer(connection);
            } else {
                connection.close();
            }
        }
    }

    /** A kept connection to {@code authority} that has not idled too long, or null. */
    private synchronized PieceConnection take(String authority) {
        ArrayDeque<PieceConnection> kept = idle.get(authority);
        long now = System.nanoTime();
        while (kept != null && !kept.isEmpty()) {
            PieceConnection connection = kept.pollLast();
            if (now - connection.idle_since_ns < TimeUnit.MILLISECONDS.toNanos(IDLE_MS_MAX) && !connection.isClosed()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private synchronized void offer(PieceConnection connection) {
        ArrayDeque<PieceConnection> kept = idle.computeIfAbsent(connection.authority, a -> new ArrayDeque<>());
        if (kept.size() == IDLE_PER_NODE_MAX) {
            kept.pollFirst().close();
        }
        connection.idle_since_ns = System.nanoTime();
        kept.addLast(connection);
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

    /** Closes every kept connection and stops the deadline thread. */
    @Override
    public synchronized void close() {
        idle.values().forEach(kept -> kept.forEach(PieceConnection::close));
        idle.clear();
        deadlines.shutdownNow();
    }
}
