package dcloud.compute.ingress;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Forwarded TCP ports: each is a listening port from the configured range whose connections are all
 * piped to one target, and belongs to one contract. Releasing a contract closes its ports and their
 * connections.
 */
final class TcpForwards implements Closeable {
    private static final byte[] NOTHING_READ = new byte[0];

    private final IngressConfig config;
    private final Semaphore connection_slots;
    private final IngressStats stats;
    private final Map<Long, List<Listener>> by_contract = new HashMap<>(); // guarded by this
    private int forwards_open; // guarded by this
    /**
     * Where the next search for a free port starts: round robin through the range, so that a port just
     * released (which clients of the old contract may still try) is the last to be handed out again.
     */
    private int next_port_offset; // guarded by this
    private boolean closed; // guarded by this

    TcpForwards(IngressConfig config, Semaphore connection_slots, IngressStats stats) {
        this.config = config;
        this.connection_slots = connection_slots;
        this.stats = stats;
    }

    /** {@code preferred_port} 0: any free port of the range. */
    synchronized int open(long contract, InetSocketAddress target, int preferred_port) throws IOException {
        if (contract <= 0) {
            throw new IllegalArgumentException("contract ids are positive, got " + contract);
        }
        if (target == null || target.getPort() == 0) {
            throw new IllegalArgumentException("forward target needs a host and a port: " + target);
        }
        if (preferred_port < 0 || preferred_port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + preferred_port);
        }
        if (preferred_port != 0 && config.tcpPortBase() != 0
                && (preferred_port < config.tcpPortBase() || preferred_port >= config.tcpPortBase() + config.tcpPortCount())) {
            throw new IllegalArgumentException("port " + preferred_port + " is outside the forwarded port range "
                    + config.tcpPortBase() + ".." + (config.tcpPortBase() + config.tcpPortCount() - 1));
        }
        if (closed) {
            throw new IllegalStateException("ingress router is closed");
        }
        if (forwards_open >= config.tcpPortCount()) {
            throw new IOException("all " + config.tcpPortCount() + " forwarded ports are in use");
        }
        ServerSocket server = preferred_port != 0 ? bind(preferred_port) : bindInRange();
        Listener listener = new Listener("ingress-tcp-" + server.getLocalPort(), server, connection_slots, stats,
                link -> forwardOne(link, target)).start();
        by_contract.computeIfAbsent(contract, c -> new ArrayList<>()).add(listener);
        forwards_open++;
        return listener.port();
    }

    /** Closes the contract's forwarded ports and their connections; a no-op for a contract without. */
    void release(long contract) {
        List<Listener> listeners;
        synchronized (this) {
            listeners = by_contract.remove(contract);
            if (listeners == null) {
                return;
            }
            forwards_open -= listeners.size();
            assert forwards_open >= 0;
        }
        for (Listener listener : listeners) {
            listener.close();
        }
    }

    private void forwardOne(Link link, InetSocketAddress target) {
        if (!Pipe.connect(link, target, config.connectTimeoutMs())) {
            stats.countRefused(Refusal.BACKEND_UNREACHABLE); // nothing to say in raw TCP: the close tells it
            return;
        }
        stats.countForwarded();
        Pipe.run(link, NOTHING_READ, 0);
    }

    private ServerSocket bindInRange() throws IOException {
        if (config.tcpPortBase() == 0) {
            return bind(0);
        }
        for (int attempt = 0; attempt < config.tcpPortCount(); attempt++) {
            int offset = (next_port_offset + attempt) % config.tcpPortCount();
            try {
                ServerSocket server = bind(config.tcpPortBase() + offset);
                next_port_offset = (offset + 1) % config.tcpPortCount();
                return server;
            } catch (BindException e) {
                // Taken, by one of our forwards or by another process: try the next.
            }
        }
        throw new IOException("no free port in the forwarded port range " + config.tcpPortBase() + ".."
                + (config.tcpPortBase() + config.tcpPortCount() - 1));
    }

    private ServerSocket bind(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true); // a restarted agent takes its ports back despite TIME_WAIT
            server.bind(new InetSocketAddress(config.host(), port), IngressRouter.ACCEPT_BACKLOG);
            return server;
        } catch (IOException e) {
            Link.closeQuietly(server);
            throw e;
        }
    }

    @Override
    public void close() {
        List<Listener> listeners = new ArrayList<>();
        synchronized (this) {
            closed = true;
            by_contract.values().forEach(listeners::addAll);
            by_contract.clear();
            forwards_open = 0;
        }
        listeners.forEach(Listener::close);
    }
}
