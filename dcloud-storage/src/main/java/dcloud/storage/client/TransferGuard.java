package dcloud.storage.client;

import dcloud.client.http.HttpConnection;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets another thread stop a piece transfer for good: after {@link #abandon()} returns, no step run
 * through {@link #whileHeld} touches the caller's array again. Every such step holds {@link #busy},
 * and abandon closes the bound connection (which ends a blocked socket read or write, unlike an
 * interrupt of a platform thread) and then waits for that lock. Used by {@link PieceDownload} and
 * {@link PieceUpload}, whose arrays belong to a {@link Stripe} the next segment reuses.
 */
final class TransferGuard {
    /** One step of the transfer that touches the array. */
    interface Step<T> {
        T run() throws IOException;
    }

    private final String what;
    private final ReentrantLock busy = new ReentrantLock();
    private volatile boolean abandoned;
    private volatile HttpConnection connection;

    /** {@code what} names the transfer in its error ("download", "upload"). */
    TransferGuard(String what) {
        this.what = what;
    }

    /** Binds the connection the transfer uses; false (and the connection closed) when already abandoned. */
    boolean attach(HttpConnection attached) {
        busy.lock();
        try {
            // Published before abandoned is read, and abandon() sets abandoned before it reads this:
            // either this sees abandoned, or abandon() sees (and closes) the connection.
            connection = attached;
            if (abandoned) {
                attached.close();
                return false;
            }
            return true;
        } finally {
            busy.unlock();
        }
    }

    /** Unbinds the connection: it is no longer the transfer's to close (it may go back to the pool). */
    void detach() {
        connection = null;
    }

    /** Runs {@code step} unless abandoned (then it fails without running). */
    <T> T whileHeld(Step<T> step) throws IOException {
        busy.lock();
        try {
            if (abandoned) {
                throw new IOException(what + " abandoned");
            }
            return step.run();
        } finally {
            busy.unlock();
        }
    }

    /** Stops the transfer for good; when this returns no step touches the array any more. */
    void abandon() {
        abandoned = true;
        HttpConnection attached = connection;
        if (attached != null) {
            attached.close();
        }
        busy.lock();
        busy.unlock();
    }

    boolean abandoned() {
        return abandoned;
    }
}
