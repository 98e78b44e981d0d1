package dcloud.compute.ingress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Semaphore;

/**
 * The compute node's ingress: an HTTPS port routed by SNI (TLS passes through untouched), an HTTP port
 * routed by Host, and forwarded TCP ports, all sending clients of {@code <contract-id>.<domain>} to
 * the backend the {@link #routes() route table} names for the contract.
 *
 * <p>Every connection runs on its own virtual thread and has {@code helloTimeoutMs} to send its
 * ClientHello or request head; slow or hostile clients are refused and never hold up others. At most
 * {@code connectionsMax} connections are held over all ports.
 *
 * <pre>{@code
 * try (IngressRouter router = new IngressRouter(IngressConfig.defaults("c0.dcloud.test")).start()) {
 *     router.routes().put(42, new Backend("10.0.0.7", 8443, 8080));   // 42.c0.dcloud.test
 *     int ssh = router.forward(42, new InetSocketAddress("10.0.0.7", 22));
 * }
 * }</pre>
 */
public final class IngressRouter implements AutoCloseable {
    static final int ACCEPT_BACKLOG = 1024;

    private final IngressConfig config;
    private final RouteTable routes = new RouteTable();
    private final IngressStats stats = new IngressStats();
    private final Semaphore connection_slots;
    private final TcpForwards forwards;
    private Listener https; // guarded by this
    private Listener http; // guarded by this
    private boolean closed; // guarded by this

    public IngressRouter(IngressConfig config) {
        this.config = config;
        this.connection_slots = new Semaphore(config.connectionsMax());
        this.forwards = new TcpForwards(config, connection_slots, stats);
    }

    /** Binds the HTTPS and HTTP ports and starts serving them. Once. */
    public synchronized IngressRouter start() throws IOException {
        if (closed || https != null) {
            throw new IllegalStateException(closed ? "ingress router is closed" : "ingress router already started");
        }
        ServerSocket https_socket = bind(config.httpsPort());
        ServerSocket http_socket;
        try {
            http_socket = bind(config.httpPort());
        } catch (IOException e) {
            Link.closeQuietly(https_socket);
            throw e;
        }
        https = new Listener("ingress-https", https_socket, connection_slots, stats, new HttpsFront(config, routes, stats)).start();
        http = new Listener("ingress-http", http_socket, connection_slots, stats, new HttpFront(config, routes, stats)).start();
        return this;
    }

    /** The bound HTTPS port (the ephemeral one when configured as 0). */
    public synchronized int httpsPort() {
        checkStarted();
        return https.port();
    }

    /** The bound HTTP port (the ephemeral one when configured as 0). */
    public synchronized int httpPort() {
        checkStarted();
        return http.port();
    }

    public RouteTable routes() {
        return routes;
    }

    public IngressStats stats() {
        return stats;
    }

    public IngressConfig config() {
        return config;
    }

    /** Connections held now over all ports (at most {@code connectionsMax}). */
    public int connectionsOpen() {
        return config.connectionsMax() - connection_slots.availablePermits();
    }

    /**
     * Opens a port of the forwarded range (an ephemeral port when {@code tcpPortBase} is 0) that pipes
     * every connection to {@code target}, for {@code contract}. Returns the port. Throws IOException
     * when no port of the range is free or {@code tcpPortCount} forwards are open.
     */
    public int forward(long contract, InetSocketAddress target) throws IOException {
        return forwards.open(contract, target, 0);
    }

    /**
     * Like {@link #forward(long, InetSocketAddress)} on exactly {@code preferred_port} (which must be in
     * the range when {@code tcpPortBase} is set), for taking a forward back after a restart; throws
     * IOException when the port is taken.
     */
    public int forward(long contract, InetSocketAddress target, int preferred_port) throws IOException {
        if (preferred_port <= 0) {
            throw new IllegalArgumentException("preferred port must be 1..65535, got " + preferred_port);
        }
        return forwards.open(contract, target, preferred_port);
    }

    /** Closes every forwarded port of {@code contract} and the connections they carry. */
    public void release(long contract) {
        forwards.release(contract);
    }

    /** Closes every port and every connection. Idempotent. */
    @Override
    public void close() {
        Listener https_listener;
        Listener http_listener;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            https_listener = https;
            http_listener = http;
        }
        if (https_listener != null) {
            https_listener.close();
            http_listener.close();
        }
        forwards.close();
    }

    private ServerSocket bind(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(config.host(), port), ACCEPT_BACKLOG);
            return server;
        } catch (IOException e) {
            Link.closeQuietly(server);
            throw new IOException("cannot listen on " + config.host() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void checkStarted() {
        if (https == null) {
            throw new IllegalStateException("ingress router not started");
        }
    }
}
