package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The piece transport against real loopback servers: the JDK's HTTP server, and raw sockets that misbehave. */
class PieceTransportTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private PieceTransport transport(long timeout_ms) {
        PieceTransport transport = new PieceTransport(timeout_ms);
        open.add(transport);
        return transport;
    }

    /** A JDK HTTP server on loopback; returns its endpoint. */
    private String httpServer(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/pieces/", handler);
        server.start();
        open.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What a raw server does with each accepted connection. */
    private interface Conversation {
        void talk(Socket socket, int connection_number) throws Exception;
    }

    /** A raw socket server on loopback; each connection is handled on its own thread. */
    private String rawServer(Conversation conversation) throws IOException {
        ServerSocket server = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
        open.add(server);
        AtomicInteger accepted = new AtomicInteger();
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    int number = accepted.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            conversation.talk(socket, number);
                        } catch (Exception e) {
                            // The client hung up: the conversation is over.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Reads a request head (through the blank line) from a raw connection. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void uploadsAPieceAndReusesTheConnectionForTheNextRequest() throws Exception {
        byte[] piece = new byte[1 << 20];
        new Random(7).nextBytes(piece);
        ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> client_ports = new ConcurrentLinkedQueue<>();
        String endpoint = httpServer(exchange -> {
            received.add(exchange.getRequestBody().readAllBytes());
            client_ports.add(exchange.getRemoteAddress().getPort());
            byte[] receipt = "{\"contract\":5}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, receipt.length);
            exchange.getResponseBody().write(receipt);
            exchange.close();
        });
        PieceTransport transport = transport(10_000);

        transport.put(endpoint, 5, piece, 1000);
        transport.put(endpoint, 6, piece, piece.length);

        assertThat(received).hasSize(2);
        assertThat(received.poll()).isEqualTo(Arrays.copyOf(piece, 1000));
        assertThat(received.poll()).isEqualTo(piece);
        assertThat(client_ports.stream().distinct().count()).as("one connection for both uploads").isEqualTo(1);
    }

    @Test
    void anAbandonedUploadStopsWhileTheNodeIsNotReadingAndFails() throws Exception {
        CountDownLatch head_read = new CountDownLatch(1);
        CountDownLatch hang_up = new CountDownLatch(1);
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            head_read.countDown();
            hang_up.await(30, TimeUnit.SECONDS); // a stalled node: reads no body, so the client's write blocks
        });
        PieceUpload upload = new PieceUpload(new byte[32 << 20], 32 << 20);
        java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                transport(60_000).put(endpoint, 3, upload);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
        assertThat(head_read.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(sent).isNotDone();

        long start_ns = System.nanoTime();
        upload.abandon();

        assertThat((System.nanoTime() - start_ns) / 1_000_000).as("abandon waits only for the closed socket's write to fail").isLessThan(10_000);
        assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(java.io.UncheckedIOException.class);
        hang_up.countDown();
    }

    @Test
    void anUploadAbandonedBeforeItStartsSendsNothing() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        String endpoint = rawServer((socket, number) -> connections.incrementAndGet());
        PieceUpload upload = new PieceUpload(new byte[1000], 1000);
        upload.abandon();

        assertThatThrownBy(() -> transport(10_000).put(endpoint, 4, upload)).isInstanceOf(IOException.class).hasMessage("upload abandoned");
    }

    @Test
    void downloadsAPieceIntoTheArrayAndNamesTheNodesReasonForARefusal() throws Exception {
        byte[] piece = new byte[300_000];
        new Random(8).nextBytes(piece);
        String endpoint = httpServer(exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/1")) {
                exchange.sendResponseHeaders(200, piece.length);
                exchange.getResponseBody().write(piece);
            } else {
                exchange.sendResponseHeaders(404, 0);
                exchange.getResponseBody().write("{\"error\":{\"code\":\"not_found\",\"message\":\"this node holds no piece for contract 2\"}}"
                        .getBytes(StandardCharsets.UTF_8));
            }
            exchange.close();
        });
        PieceTransport transport = transport(10_000);
        byte[] target = new byte[piece.length];

        assertThat(transport.get(endpoint, 1, new PieceDownload(target, target.length), null)).isEqualTo(piece.length);
        assertThat(target).isEqualTo(piece);
        assertThatThrownBy(() -> transport.get(endpoint, 2, new PieceDownload(target, target.length), null))
                .isInstanceOf(IOException.class).hasMessage("node answered 404: this node holds no piece for contract 2");
    }

    @Test
    void sendsTheEgressOrderInItsHeaderAndNoneWhenThereIsNone() throws Exception {
        java.util.List<String> orders = new java.util.concurrent.CopyOnWriteArrayList<>();
        String endpoint = httpServer(exchange -> {
            orders.add(String.valueOf(exchange.getRequestHeaders().getFirst(dcloud.ledger.tx.EgressOrder.HTTP_HEADER)));
            exchange.sendResponseHeaders(200, 3);
            exchange.getResponseBody().write(new byte[3]);
            exchange.close();
        });
        PieceTransport transport = transport(10_000);
        transport.get(endpoint, 1, new PieceDownload(new byte[3], 3), "00ff");
        transport.get(endpoint, 1, new PieceDownload(new byte[3], 3), null);
        assertThat(orders).containsExactly("00ff", "null");
    }

    @Test
    void refusesABodyLongerThanThePiece() throws Exception {
        String endpoint = httpServer(exchange -> {
            exchange.sendResponseHeaders(200, 2000);
            exchange.getResponseBody().write(new byte[2000]);
            exchange.close();
        });
        assertThatThrownBy(() -> transport(10_000).get(endpoint, 1, new PieceDownload(new byte[1000], 1000), null))
                .isInstanceOf(IOException.class).hasMessage("the body is longer than the expected 1000 bytes");
    }

    @Test
    void refusesAnErrorBodyWithoutALengthThatRunsPastItsLimit() throws Exception {
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            write(socket.getOutputStream(), "HTTP/1.0 404 Not Found\r\n\r\n" + "e".repeat(PieceTransport.ERROR_BODY_BYTES_MAX + 1));
            socket.close();
        });
        assertThatThrownBy(() -> transport(10_000).get(endpoint, 1, new PieceDownload(new byte[10], 10), null))
                .isInstanceOf(IOException.class).hasMessage("response body is over " + PieceTransport.ERROR_BODY_BYTES_MAX + " bytes");
    }

    @Test
    void readsTheNodesAnswerWhenItRefusesAnUploadBeforeTakingTheBody() throws Exception {
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            String body = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no storage contract 9 on the ledger\"}}";
            write(socket.getOutputStream(), "HTTP/1.1 403 Forbidden\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            socket.close();
        });
        assertThatThrownBy(() -> transport(10_000).put(endpoint, 9, new byte[32 << 20], 32 << 20))
                .isInstanceOf(IOException.class).hasMessage("node refused the upload (403): no storage contract 9 on the ledger");
    }

    @Test
    void retriesOnceOnAFreshConnectionWhenTheNodeHadClosedAKeptOne() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        String endpoint = rawServer((socket, number) -> {
            connections.incrementAndGet();
            readHead(socket.getInputStream());
            write(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
            socket.close(); // says keep-alive, then closes anyway (an idle timeout on the node's side)
        });
        PieceTransport transport = transport(10_000);
        byte[] target = new byte[3];
        transport.get(endpoint, 1, new PieceDownload(target, 3), null);
        Thread.sleep(100);

        assertThat(transport.get(endpoint, 2, new PieceDownload(target, 3), null)).isEqualTo(3);
        assertThat(new String(target, StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(connections).hasValue(2);
    }

    @Test
    void givesUpWhenTheNodeStallsPastTheRequestTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            write(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
            never.await(20, TimeUnit.SECONDS);
        });
        long start_ns = System.nanoTime();
        assertThatThrownBy(() -> transport(300).get(endpoint, 1, new PieceDownload(new byte[1000], 1000), null))
                .isInstanceOf(IOException.class).hasMessage("the server did not finish within 300 ms");
        assertThat((System.nanoTime() - start_ns) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void anAbandonedDownloadNeverWritesIntoTheArrayAgain() throws Exception {
        CountDownLatch first_bytes_sent = new CountDownLatch(1);
        CountDownLatch abandoned = new CountDownLatch(1);
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
            out.write(new byte[1000]);
            out.flush();
            first_bytes_sent.countDown();
            abandoned.await(10, TimeUnit.SECONDS);
            byte[] more = new byte[100_000];
            Arrays.fill(more, (byte) 1);
            out.write(more); // fails or is never read: the client has closed
        });
        byte[] target = new byte[1_000_000];
        PieceDownload download = new PieceDownload(target, target.length);
        PieceTransport transport = transport(10_000);
        java.util.concurrent.CompletableFuture<Integer> result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return transport.get(endpoint, 1, download, null);
            } catch (IOException e) {
                return -1;
            }
        });
        assertThat(first_bytes_sent.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);

        download.abandon();
        byte[] after_abandon = target.clone();
        abandoned.countDown();

        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(target).as("nothing written after abandon() returned").isEqualTo(after_abandon);
    }

    @Test
    void malformedAnswersFailWithAnIoErrorAndNeverHang() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<byte[]> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            answers.add(garbage);
        }
        answers.add("HTTP/1.1 2x0 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.add("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\nfffffff\r\n".getBytes(StandardCharsets.US_ASCII));
        answers.add(("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        AtomicInteger next = new AtomicInteger();
        String endpoint = rawServer((socket, number) -> {
            readHead(socket.getInputStream());
            socket.getOutputStream().write(answers.get(next.getAndIncrement()));
            socket.close();
        });
        PieceTransport transport = transport(2_000);
        for (int i = 0; i < answers.size(); i++) {
            int answer = i;
            assertThatThrownBy(() -> transport.get(endpoint, 1, new PieceDownload(new byte[100], 100), null))
                    .as("answer %d, seed %d", answer, seed).isInstanceOf(IOException.class);
        }
    }
}
