package dcloud.client.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kept-alive {@link HttpConnection}s per server, and the request deadline: a request that has not
 * finished within {@code request_timeout_ms} has its connection closed, which ends a blocked read or
 * write. Idle connections are kept per server, at most {@link #IDLE_PER_SERVER_MAX} of them and for
 * at most {@link #IDLE_MS_MAX} (below the servers' own idle timeout, Jetty's 30 s). A request that
 * fails on a kept connection before any answer arrived is sent once more on a fresh one, because the
 * server may have closed it meanwhile; callers only send requests that are safe to repeat.
 */
public final class HttpPool implements AutoCloseable {
    public static final int CONNECT_TIMEOUT_MS = 3_000;
    static final int IDLE_PER_SERVER_MAX = 8;
    static final long IDLE_MS_MAX = 10_000;
    private final long request_timeout_ms;
    private final Map<String, ArrayDeque<HttpConnection>> idle = new HashMap<>();
    /** One timer thread for every pool in the process: it only closes sockets whose time ran out. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "http-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public HttpPool(long request_timeout_ms) {
        if (request_timeout_ms < 1) {
            throw new IllegalArgumentException("request_timeout_ms must be positive, not " + request_timeout_ms);
        }
        this.request_timeout_ms = request_timeout_ms;
    }

    /** Sends a request on a connection and reads the answer's head. */
    public interface Exchange {
        HttpConnection.Head start(HttpConnection connection) throws IOException;
    }

    /** Reads the rest of an answer and makes the request's result. */
    public interface Finish<T> {
        T finish(HttpConnection connection, HttpConnection.Head head) throws IOException;
    }

    /** One request to {@code authority} (host:port): {@code exchange}, then {@code finish}. */
    public <T> T call(String authority, Exchange exchange, Finish<T> finish) throws IOException {
        HttpConnection connection = take(authority);
        boolean reused = connection != null;
        if (!reused) {
            connection = HttpConnection.open(authority, CONNECT_TIMEOUT_MS);
        }
        ScheduledFuture<?> deadline = DEADLINES.schedule(connection::expire, request_timeout_ms, TimeUnit.MILLISECONDS);
        boolean keep = false;
        try {
            HttpConnection.Head head;
            try {
                head = exchange.start(connection);
            } catch (SocketException | EOFException e) {
                if (!reused || connection.timedOut()) {
                    throw e;
                }
                deadline.cancel(false);
                connection.close();
                connection = HttpConnection.open(authority, CONNECT_TIMEOUT_MS);
                deadline = DEADLINES.schedule(connection::expire, request_timeout_ms, TimeUnit.MILLISECONDS);
                head = exchange.start(connection);
            }
            T result = finish.finish(connection, head);
            keep = head.keepAlive();
            return result;
        } catch (IOException e) {
            if (connection.timedOut()) {
                throw new IOException("the server did not finish within " + request_timeout_ms + " ms", e);
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
    private synchronized HttpConnection take(String authority) {
        ArrayDeque<HttpConnection> kept = idle.get(authority);
        long now = System.nanoTime();
        while (kept != null && !kept.isEmpty()) {
            HttpConnection connection = kept.pollLast();
            if (now - connection.idle_since_ns < TimeUnit.MILLISECONDS.toNanos(IDLE_MS_MAX) && !connection.isClosed()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private synchronized void offer(HttpConnection connection) {
        ArrayDeque<HttpConnection> kept = idle.computeIfAbsent(connection.authority, a -> new ArrayDeque<>());
        if (kept.size() == IDLE_PER_SERVER_MAX) {
            kept.pollFirst().close();
        }
        connection.idle_since_ns = System.nanoTime();
        kept.addLast(connection);
    }

    /** Closes every kept connection. */
    @Override
    public synchronized void close() {
        idle.values().forEach(kept -> kept.forEach(HttpConnection::close));
        idle.clear();
    }
}
