package dcloud.storage.client;

import dcloud.client.http.HttpConnection;
import java.io.IOException;

/**
 * One piece's upload from a caller's array (a piece of a reused {@link Stripe}). After
 * {@link #abandon()} returns, the upload never reads the array again ({@link TransferGuard}), so a
 * cancelled upload cannot send bytes of an array that was handed to the next segment. The mirror of
 * {@link PieceDownload}.
 */
final class PieceUpload {
    private final byte[] piece;
    private final int length_bytes;
    private final TransferGuard guard = new TransferGuard("upload");

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
        if (!guard.attach(attached)) {
            throw new IOException("upload abandoned");
        }
        try {
            guard.whileHeld(() -> {
                attached.send(method, path, content_type, piece, 0, length_bytes);
                return null;
            });
        } finally {
            guard.detach();
        }
    }

    /** Stops the upload for good; when this returns nothing reads the piece's array any more. */
    void abandon() {
        guard.abandon();
    }
}
