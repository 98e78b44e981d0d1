package dcloud.compute.ingress;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;

/**
 * One client connection and the backend connection made for it. The backend socket exists (not yet
 * connected) from the start, so that closing the link also stops a connect in progress: whoever ends
 * the connection (route removed, forward released, router closed, a pipe error) just closes the link.
 */
final class Link implements Closeable {
    final Socket client;
    final Socket backend = new Socket();

    Link(Socket client) {
        this.client = client;
    }

    /** Idempotent, from any thread. */
    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(backend);
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is all that is left to do; there is nobody to tell.
        }
    }
}
