package dcloud.storage.client;

import dcloud.client.http.HttpConnection;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One piece's upload from a caller's array (a piece of a reused {@link Stripe}). After
 * {@link #abandon()} returns, the upload never reads the array again, so a cancelled upload cannot
 * send bytes of an array that was handed to the next segment: the request is sent while holding
 * {@link #sending}, and abandon closes the connection (which ends a blocked socket write, unlike an
 * interrupt of a platform thread) and then waits for that lock. The mirror of {@link PieceDownload}.
 */
final class PieceUpload {
    private final byte[] piece;
    private final int length_bytes;
    private final ReentrantLock sending = new ReentrantLock();
    private volatile boolean abandoned;
    private volatile HttpConnection connection;

    PieceUpload(byte[] piece, int length_bytes) {
        if (length_bytes < 0 || length_bytes > piece.length) {
            throw new IllegalArgumentException("upload of " + length_bytes + " bytes from an array of " + piece.length);
        }
        this.piece = piece;
        this.length_bytes = length_bytes;
    }

    int lengthBytes() {
        return length_bytes;
    }

    /**
     * Sends the request with the piece as its body on {@code attached}, unless abandoned (then it
     * closes it and fails). Once the body is sent the connection is no longer this upload's to
     * close: reading the answer does not touch the array, and the connection may go back to the pool.
     */
    void send(HttpConnection attached, String method, String path, String content_type) throws IOException {
        sending.lock();
        try {
            // Published before abandoned is read, and abandon() sets abandoned before it reads this:
            // either the send sees abandoned, or abandon() sees (and closes) the connection.
            connection = attached;
            if (abandoned) {
                attached.close();
                throw new IOException("upload abandoned");
            }
            attached.send(method, path, content_type, piece, 0, length_bytes);
        } finally {
            connection = null;
            sending.unlock();
        }
    }

    /** Stops the upload for good; when this returns nothing reads the piece's array any more. */
    void abandon() {
        abandoned = true;
        HttpConnection attached = connection;
        if (attached != null) {
            attached.close();
        }
        sending.lock();
        sending.unlock();
    }
}
