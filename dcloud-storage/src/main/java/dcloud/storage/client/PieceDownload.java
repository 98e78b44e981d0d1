package dcloud.storage.client;

import dcloud.client.http.HttpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One piece's download into a caller's array (a piece of a reused {@link Stripe}). After
 * {@link #abandon()} returns, the download never writes into the array again, so an abandoned
 * download cannot touch an array that was handed to the next segment: every read into the array
 * holds {@link #writing}, and abandon closes the connection (ending a blocked read) and then waits
 * for that lock.
 */
final class PieceDownload implements HttpConnection.BodyTarget {
    private final byte[] target;
    private final int room_bytes;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean abandoned;
    private volatile HttpConnection connection;

    PieceDownload(byte[] target, int room_bytes) {
        if (room_bytes < 0 || room_bytes > target.length) {
            throw new IllegalArgumentException("room of " + room_bytes + " bytes in an array of " + target.length);
        }
        this.target = target;
        this.room_bytes = room_bytes;
    }

    @Override
    public byte[] target() {
        return target;
    }

    @Override
    public int roomBytes() {
        return room_bytes;
    }

    /** Binds the connection the body arrives on; false (and the connection closed) when already abandoned. */
    boolean attach(HttpConnection attached) {
        writing.lock();
        try {
            connection = attached;
            if (abandoned) {
                attached.close();
                return false;
            }
            return true;
        } finally {
            writing.unlock();
        }
    }

    /** One read from {@code in} into the target, unless abandoned (then it fails without reading). */
    @Override
    public int read(InputStream in, byte[] into, int offset, int length) throws IOException {
        writing.lock();
        try {
            if (abandoned) {
                throw new IOException("download abandoned");
            }
            return in.read(into, offset, length);
        } finally {
            writing.unlock();
        }
    }

    /** Stops the download for good; when this returns nothing writes into the target any more. */
    void abandon() {
        abandoned = true;
        HttpConnection attached = connection;
        if (attached != null) {
            attached.close();
        }
        writing.lock();
        writing.unlock();
    }

    boolean abandoned() {
        return abandoned;
    }
}
