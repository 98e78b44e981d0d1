package dcloud.storage.client;

import dcloud.client.http.HttpConnection;
import java.io.IOException;
import java.io.InputStream;

/**
 * One piece's download into a caller's array (a piece of a reused {@link Stripe}). After
 * {@link #abandon()} returns, the download never writes into the array again, so an abandoned
 * download cannot touch an array that was handed to the next segment ({@link TransferGuard}: every
 * read into the array holds its lock, and abandon closes the connection and then waits for it).
 */
final class PieceDownload implements HttpConnection.BodyTarget {
    private final byte[] target;
    private final int room_bytes;
    private final TransferGuard guard = new TransferGuard("download");

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
        return guard.attach(attached);
    }

    /** One read from {@code in} into the target, unless abandoned (then it fails without reading). */
    @Override
    public int read(InputStream in, byte[] into, int offset, int length) throws IOException {
        return guard.whileHeld(() -> in.read(into, offset, length));
    }

    /** Stops the download for good; when this returns nothing writes into the target any more. */
    void abandon() {
        guard.abandon();
    }

    boolean abandoned() {
        return guard.abandoned();
    }
}
