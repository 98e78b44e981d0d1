package dcloud.compute.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Connects a link's backend and copies bytes both ways until both directions end. End of stream on
 * one side is passed on as a half-close (shutdownOutput) of the other, so that protocols that close
 * one direction first (TLS close_notify then FIN, HTTP/1.0 requests) keep working; an error in either
 * direction ends both.
 */
final class Pipe {
    /** Buffer of a direction once it has carried a full small buffer: bulk transfers move in 64 KiB reads. */
    static final int BUFFER_SIZE_BYTES_MAX = 64 * 1024;
    /** An idle or chatty connection never needs more; 4096 idle connections then hold 64 MiB, not 512. */
    static final int BUFFER_SIZE_BYTES_MIN = 8 * 1024;

    private Pipe() {}

    /**
     * Connects {@code link.backend} to {@code target} within {@code connect_timeout_ms}. On failure
     * returns false and leaves the link open so that the caller can tell the client.
     */
    static boolean connect(Link link, InetSocketAddress target, int connect_timeout_ms) {
        assert connect_timeout_ms > 0;
        if (target.isUnresolved()) {
            return false;
        }
        try {
            link.backend.setTcpNoDelay(true); // handshakes are small writes waiting on each other
            link.backend.connect(target, connect_timeout_ms);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code head[0, head_length)} (what was read from the client to choose the backend) to the
     * connected backend, then pipes both directions on this thread and one more virtual thread.
     * Returns when both directions have ended; the link is then closed.
     */
    static void run(Link link, byte[] head, int head_length) {
        assert link.backend.isConnected();
        try {
            link.client.setSoTimeout(0); // from here on the client may idle: the head deadline is over
            link.backend.getOutputStream().write(head, 0, head_length);
            Thread upstream = Thread.ofVirtual().name("ingress-pipe-up").start(() -> copy(link.client, link.backend, link));
            copy(link.backend, link.client, link);
            upstream.join();
        } catch (IOException e) {
            // The backend went away before the head was written: the close below tells the client.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
        }
    }

    private static void copy(Socket from, Socket to, Link link) {
        byte[] buffer = new byte[BUFFER_SIZE_BYTES_MIN];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                if (n == buffer.length && buffer.length < BUFFER_SIZE_BYTES_MAX) {
                    buffer = new byte[BUFFER_SIZE_BYTES_MAX];
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            link.close();
        }
    }
}
