package dcloud.compute.ingress;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Loopback backends for router tests; each connection on its own virtual thread. */
final class TestBackends {
    private TestBackends() {}

    /** A listening socket that serves every connection with {@code serve} and closes it afterwards. */
    static final class Server implements Closeable {
        final ServerSocket socket;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        Server(ServerSocket socket, Consumer<Socket> serve) {
            this.socket = socket;
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        open.add(connection);
                        Thread.ofVirtual().start(() -> {
                            try (connection) {
                                serve.accept(connection);
                            } catch (IOException e) {
                                // the test closed it
                            } finally {
                                open.remove(connection);
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : open) {
                connection.close();
            }
        }
    }

    /** TLS: answers every line with "backend <label>: <line> sni=<names the client asked for>". */
    static Server tlsLines(SSLContext context, String label) throws IOException {
        ServerSocket socket = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new Server(socket, connection -> {
            try {
                SSLSocket tls = (SSLSocket) connection;
                tls.startHandshake();
                StringBuilder sni = new StringBuilder();
                for (SNIServerName name : ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames()) {
                    sni.append(((SNIHostName) name).getAsciiName());
                }
                BufferedReader lines = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = tls.getOutputStream();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.write(("backend " + label + ": " + line + " sni=" + sni + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // client went away
            }
        });
    }

    /** Plain HTTP: reads one request head and answers 200 with the Host line it saw, then closes. */
    static Server http(String label) throws IOException {
        return new Server(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), connection -> {
            try {
                InputStream in = connection.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String host = head.toString().lines().filter(l -> l.regionMatches(true, 0, "host:", 0, 5)).findFirst().orElse("none");
                byte[] body = ("http backend " + label + " saw " + host + "\n").getBytes(StandardCharsets.UTF_8);
                connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().write(body);
            } catch (IOException e) {
                // client went away
            }
        });
    }

    /** Plain TCP echo. */
    static Server echo() throws IOException {
        return new Server(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), connection -> {
            try {
                connection.getInputStream().transferTo(connection.getOutputStream());
            } catch (IOException e) {
                // client went away
            }
        });
    }
}
