package dcloud.compute.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** Reads against a deadline, and closes that let the peer read what it was last told. */
final class Sockets {
    /** After a refusal, how long to swallow what the client still sends so that closing does not reset the connection. */
    static final int LINGER_MS = 500;
    static final int LINGER_SIZE_BYTES_MAX = 256 * 1024;

    private Sockets() {}

    /**
     * Reads at most {@code count} bytes into {@code buffer[offset, offset + count)}, waiting no later
     * than {@code deadline_ns} (System.nanoTime). Returns how many, or -1 at end of stream; throws
     * SocketTimeoutException past the deadline. A per-read timeout alone would let a client that sends
     * one byte per timeout hold the connection forever; the deadline bounds the whole head.
     */
    static int read(Socket socket, byte[] buffer, int offset, int count, long deadline_ns) throws IOException {
        assert count > 0 && offset >= 0 && offset + count <= buffer.length;
        long remaining_ms = TimeUnit.NANOSECONDS.toMillis(deadline_ns - System.nanoTime());
        if (remaining_ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining_ms));
        return socket.getInputStream().read(buffer, offset, count);
    }

    /**
     * Sends {@code message} and closes so that the client can read it: half-close, then read and drop
     * what the client still sends for a moment. Closing a socket with unread input makes the kernel
     * send a reset, and a reset can make the client drop the message before reading it.
     */
    static void refuse(Socket socket, byte[] message) {
        try {
            socket.getOutputStream().write(message);
            socket.shutdownOutput();
            long deadline_ns = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
            byte[] sink = new byte[8 * 1024];
            InputStream in = socket.getInputStream();
            int drained = 0;
            while (drained < LINGER_SIZE_BYTES_MAX) {
                long remaining_ms = TimeUnit.NANOSECONDS.toMillis(deadline_ns - System.nanoTime());
                if (remaining_ms <= 0) {
                    break;
                }
                socket.setSoTimeout((int) remaining_ms);
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException e) {
            // The client is gone or slow: nothing more is owed to it.
        } finally {
            Link.closeQuietly(socket);
        }
    }
}
