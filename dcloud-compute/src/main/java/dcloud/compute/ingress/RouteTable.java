package dcloud.compute.ingress;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Contract id → backend, and the connections routed to each contract, so that removing a route also
 * ends its traffic (a contract that ended must not keep being served through old connections).
 * Thread-safe; a connection is attached under the same lock that removal takes, so no connection can
 * slip in after its route was removed.
 */
public final class RouteTable {
    private final Map<Long, Route> routes = new HashMap<>();

    private static final class Route {
        Backend backend;
        final Set<Closeable> live = new HashSet<>();

        Route(Backend backend) {
            this.backend = backend;
        }
    }

    RouteTable() {}

    /**
     * Routes {@code contract} to {@code backend}, replacing its previous backend; connections already
     * routed stay where they are.
     */
    public synchronized void put(long contract, Backend backend) {
        checkContract(contract);
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        Route route = routes.get(contract);
        if (route == null) {
            routes.put(contract, new Route(backend));
        } else {
            route.backend = backend;
        }
    }

    /**
     * Removes the route and closes every connection routed through it. Returns whether there was one.
     */
    public boolean remove(long contract) {
        checkContract(contract);
        List<Closeable> to_close;
        synchronized (this) {
            Route route = routes.remove(contract);
            if (route == null) {
                return false;
            }
            to_close = new ArrayList<>(route.live);
        }
        // Outside the lock: closing sockets can take a while and must not hold up other routing.
        for (Closeable connection : to_close) {
            Link.closeQuietly(connection);
        }
        return true;
    }

    public synchronized Optional<Backend> find(long contract) {
        checkContract(contract);
        Route route = routes.get(contract);
        return route == null ? Optional.empty() : Optional.of(route.backend);
    }

    public synchronized int size() {
        return routes.size();
    }

    /** Connections routed to {@code contract} and still open. */
    public synchronized int liveConnections(long contract) {
        Route route = routes.get(contract);
        return route == null ? 0 : route.live.size();
    }

    /** The backend of {@code contract} with {@code connection} registered to it, or null without route. */
    synchronized Backend attach(long contract, Closeable connection) {
        assert contract > 0;
        Route route = routes.get(contract);
        if (route == null) {
            return null;
        }
        boolean added = route.live.add(connection);
        assert added;
        return route.backend;
    }

    /** Forgets a connection attached before; a no-op if its route was removed (and it was closed) meanwhile. */
    synchronized void detach(long contract, Closeable connection) {
        Route route = routes.get(contract);
        if (route != null) {
            route.live.remove(connection);
        }
    }

    private static void checkContract(long contract) {
        if (contract <= 0) {
            throw new IllegalArgumentException("contract ids are positive, got " + contract);
        }
    }
}
