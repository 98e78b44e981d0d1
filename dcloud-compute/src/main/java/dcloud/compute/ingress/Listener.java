package dcloud.compute.ingress;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * One listening port: an accept loop that gives every connection its own virtual thread, so that a
 * slow client only ever stalls itself. Connections take a slot of the router-wide limit or are closed
 * at once. Closing the listener closes the port and every connection it accepted.
 */
final class Listener implements Closeable {
    private static final System.Logger log = System.getLogger(Listener.class.getName());
    /** Pause after a failed accept (out of file descriptors...) so that the loop does not spin. */
    private static final int ACCEPT_FAILURE_PAUSE_MS = 50;
    /** How long close waits for the accept loop to let go of the port; it takes microseconds unless the machine is starved. */
    private static final int CLOSE_WAIT_MS = 5_000;

    interface Handler {
        /** Serves one connection; the listener closes the link afterwards whatever happens. */
        void serve(Link link) throws IOException;
    }

    private final String name;
    private final ServerSocket server;
    private final Semaphore connection_slots;
    private final IngressStats stats;
    private final Handler handler;
    private final ThreadFactory connection_threads;
    private final Set<Link> live = ConcurrentHashMap.newKeySet();
    private volatile Thread acceptor;
    private volatile boolean closed;

    Listener(String name, ServerSocket server, Semaphore connection_slots, IngressStats stats, Handler handler) {
        assert server.isBound();
        this.name = name;
        this.server = server;
        this.connection_slots = connection_slots;
        this.stats = stats;
        this.handler = handler;
        this.connection_threads = Thread.ofVirtual().name(name + "-", 0).factory();
    }

    Listener start() {
        assert acceptor == null;
        acceptor = Thread.ofVirtual().name(name + "-accept").start(this::acceptLoop);
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    int liveConnections() {
        return live.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                log.log(Level.WARNING, "event=ingress_accept_failed listener={0} error=\"{1}\"", name, e.toString());
                pause();
                continue;
            }
            try {
                dispatch(socket);
            } catch (RuntimeException e) {
                // Out of threads or memory for one more: drop this connection, keep the port open.
                Link.closeQuietly(socket);
                log.log(Level.WARNING, "event=ingress_dispatch_failed listener={0} error=\"{1}\"", name, e.toString());
            }
        }
    }

    private void dispatch(Socket socket) {
        if (!connection_slots.tryAcquire()) {
            stats.countRefused(Refusal.OVER_CAPACITY);
            Link.closeQuietly(socket);
            return;
        }
        Link link = new Link(socket);
        live.add(link);
        try {
            connection_threads.newThread(() -> serve(link)).start();
        } catch (RuntimeException e) {
            live.remove(link);
            connection_slots.release();
            throw e;
        }
        if (closed) {
            link.close(); // close() ran between accept and add: it did not see this link
        }
    }

    private void serve(Link link) {
        try {
            link.client.setTcpNoDelay(true);
            handler.serve(link);
        } catch (IOException e) {
            // The client or the backend went away: nothing to tell anyone.
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "event=ingress_connection_failed listener={0} error=\"{1}\"", name, e.toString());
        } finally {
            link.close();
            boolean removed = live.remove(link);
            assert removed;
            connection_slots.release();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the port and every connection. Returns once the port is really closed: closing a socket
     * that a virtual thread waits on only wakes that thread, which releases the descriptor when it
     * runs; until then the port would still take connections, and binding it again would fail.
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        Link.closeQuietly(server);
        for (Link link : live) {
            link.close();
        }
        if (acceptor != null && Thread.currentThread() != acceptor) {
            try {
                boolean ended = acceptor.join(java.time.Duration.ofMillis(CLOSE_WAIT_MS));
                assert ended : "accept loop of " + name + " still running " + CLOSE_WAIT_MS + " ms after close";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
