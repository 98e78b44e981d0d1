package dcloud.client.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One plain HTTP/1.1 connection to a dcloud API (a node's ledger API or a storage node's piece
 * API), kept alive between requests. It speaks what those APIs need: a request with a
 * {@code Content-Length} body written straight from the caller's array, and a response whose body
 * has a {@code Content-Length} or is chunked; a large body is read straight into the caller's array.
 *
 * <p>Why not the JDK's {@code HttpClient}: a fresh CLI process spent about 0.4 s starting it (TLS
 * context, trust store, selector thread) before its first request, and for 16 MiB pieces it hands
 * every body through its selector thread in lists of small buffers, with about a second of CPU
 * compiling that machinery during a 1 GiB transfer. A blocking socket reads into the caller's array
 * with one copy from the kernel. No dcloud API speaks TLS yet; an https URL is refused by name.
 */
public final class HttpConnection implements Closeable {
    static final int HEAD_BYTES_MAX = 16 * 1024;
    static final int HEAD_LINES_MAX = 100;
    private static final int READ_BUFFER_BYTES = 8 * 1024;
    final String authority;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean timed_out;
    long idle_since_ns;

    /** A response's status line and the headers this client acts on. */
    public record Head(int status, long contentLength, boolean chunked, boolean keepAlive) {}

    private HttpConnection(String authority, Socket socket) throws IOException {
        this.authority = authority;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
        this.out = socket.getOutputStream();
    }

    /** Where the body of a large response goes: one read at a time into {@link #target()}. */
    public interface BodyTarget {
        byte[] target();

        int roomBytes();

        /** One read from {@code in} into the target (the place to refuse once the target is no longer wanted). */
        int read(InputStream in, byte[] into, int offset, int length) throws IOException;
    }

    /** The {@code host:port} of an {@code http://} endpoint; a clear error for anything else. */
    public static String authority(String endpoint) throws IOException {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IOException("endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        if ("https".equals(uri.getScheme())) {
            throw new IOException("endpoint '" + endpoint + "': https is not supported (dcloud APIs are plain HTTP for now)");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IOException("endpoint '" + endpoint + "' must be http://HOST:PORT");
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    public static HttpConnection open(String authority, int connect_timeout_ms) throws IOException {
        int colon = authority.lastIndexOf(':');
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1))), connect_timeout_ms);
            return new HttpConnection(authority, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes a request; the body ({@code content_type}) is {@code length} bytes of {@code body} from {@code offset} (none when body is null). */
    public void send(String method, String path, String content_type, byte[] body, int offset, int length) throws IOException {
        send(method, path, "", content_type, body, offset, length);
    }

    /** Like {@link #send(String, String, String, byte[], int, int)} with {@code headers}: complete header lines, each ending in CRLF. */
    public void send(String method, String path, String headers, String content_type, byte[] body, int offset, int length) throws IOException {
        if (!headers.isEmpty() && !headers.endsWith("\r\n")) {
            throw new IllegalArgumentException("headers must be whole lines ending in CRLF");
        }
        StringBuilder head = new StringBuilder(160 + headers.length()).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n").append(headers);
        if (body != null) {
            head.append("Content-Type: ").append(content_type).append("\r\nContent-Length: ").append(length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body, offset, length);
        }
        out.flush();
    }

    /** Reads the status line and headers. */
    public Head readHead() throws IOException {
        String status_line = readLine();
        if (!status_line.startsWith("HTTP/1.") || status_line.length() < 12) {
            throw new IOException("not an HTTP/1.x response: '" + printable(status_line) + "'");
        }
        int status = parseStatus(status_line);
        long content_length = -1;
        boolean chunked = false;
        boolean keep_alive = status_line.startsWith("HTTP/1.1");
        for (int lines = 0; ; lines++) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (lines == HEAD_LINES_MAX) {
                throw new IOException("response has more than " + HEAD_LINES_MAX + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header '" + printable(line) + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> content_length = parseLength(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> keep_alive = keep_alive ? !value.contains("close") : value.contains("keep-alive");
                default -> { }
            }
        }
        return new Head(status, chunked ? -1 : content_length, chunked, keep_alive && (chunked || content_length >= 0));
    }

    /**
     * Reads a {@code Content-Length} body into the target's array, one read at a time through the
     * target (which may refuse further reads); returns the bytes read.
     */
    public int readBody(Head head, BodyTarget body_target) throws IOException {
        if (head.chunked() || head.contentLength() < 0) {
            throw new IOException("the server sent a body without a Content-Length");
        }
        if (head.contentLength() > body_target.roomBytes()) {
            throw new IOException("the body is longer than the expected " + body_target.roomBytes() + " bytes");
        }
        int length = (int) head.contentLength();
        int done = 0;
        while (done < length) {
            int n = body_target.read(in, body_target.target(), done, length - done);
            if (n < 0) {
                throw new EOFException("the server closed the connection after " + done + " of " + length + " bytes");
            }
            done += n;
        }
        return done;
    }

    /** Reads a small body whole (an error message or a receipt); refuses one longer than {@code bytes_max}. */
    public byte[] readSmallBody(Head head, int bytes_max) throws IOException {
        if (!head.chunked()) {
            if (head.contentLength() < 0) {
                // Ends when the server closes: one byte more than allowed says it was too long.
                byte[] body = in.readNBytes(bytes_max + 1);
                if (body.length > bytes_max) {
                    throw new IOException("response body is over " + bytes_max + " bytes");
                }
                return body;
            }
            if (head.contentLength() > bytes_max) {
                throw new IOException("response body of " + head.contentLength() + " bytes is over " + bytes_max);
            }
            return readExactly((int) head.contentLength());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            long size = parseChunkSize(readLine());
            if (size == 0) {
                skipTrailers();
                return body.toByteArray();
            }
            if (body.size() + size > bytes_max) {
                throw new IOException("response body is over " + bytes_max + " bytes");
            }
            body.write(readExactly((int) size));
            if (!readLine().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the server closed the connection after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private void skipTrailers() throws IOException {
        for (int lines = 0; !readLine().isEmpty(); lines++) {
            if (lines == HEAD_LINES_MAX) {
                throw new IOException("response has more than " + HEAD_LINES_MAX + " trailer lines");
            }
        }
    }

    /** One CRLF-terminated line of ASCII, without the CRLF; at most {@link #HEAD_BYTES_MAX} bytes. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(line.isEmpty() ? "the server closed the connection without answering" : "the response ended mid-line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == HEAD_BYTES_MAX) {
                throw new IOException("a response line is longer than " + HEAD_BYTES_MAX + " bytes");
            }
            line.append((char) b);
        }
    }

    static int parseStatus(String status_line) throws IOException {
        String code = status_line.substring(9, 12);
        if (status_line.charAt(8) != ' ' || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("malformed status line '" + printable(status_line) + "'");
        }
        return Integer.parseInt(code);
    }

    static long parseLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("malformed Content-Length '" + printable(value) + "'");
        }
        return Long.parseLong(value);
    }

    static long parseChunkSize(String line) throws IOException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).trim();
        if (hex.isEmpty() || hex.length() > 8) {
            throw new IOException("malformed chunk size '" + printable(line) + "'");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size '" + printable(line) + "'");
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Closes the socket because the request's time ran out (a blocked read or write then fails). */
    public void expire() {
        timed_out = true;
        close();
    }

    public boolean timedOut() {
        return timed_out;
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the connection is dropped either way.
        }
    }
}
