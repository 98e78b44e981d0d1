package dcloud.compute.ingress;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import dcloud.compute.ingress.ParseResult.NoName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The plain HTTP port: reads the first request head, picks the backend by its Host and from then on
 * pipes bytes (later requests on the same connection go to the same backend, as with HTTPS).
 * Refusals are a short text/plain response that names the problem, then close.
 */
final class HttpFront implements Listener.Handler {
    private final IngressConfig config;
    private final RouteTable routes;
    private final IngressStats stats;

    HttpFront(IngressConfig config, RouteTable routes, IngressStats stats) {
        this.config = config;
        this.routes = routes;
        this.stats = stats;
    }

    @Override
    public void serve(Link link) throws IOException {
        byte[] head = new byte[config.httpHeadSizeBytesMax()];
        int filled = 0;
        long deadline_ns = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.helloTimeoutMs());
        ParseResult result = HostHeaderParser.parse(head, 0);
        while (result instanceof NeedMore) {
            if (filled == head.length) {
                refuse(link, Refusal.TOO_LARGE, "431 Request Header Fields Too Large",
                        "request head is over " + head.length + " bytes");
                return;
            }
            int n;
            try {
                // Greedy: bytes past the head are replayed to the backend like the head itself.
                n = Sockets.read(link.client, head, filled, head.length - filled, deadline_ns);
            } catch (SocketTimeoutException e) {
                refuse(link, Refusal.TIMEOUT, "408 Request Timeout", "request head did not arrive within "
                        + config.helloTimeoutMs() + " ms");
                return;
            }
            if (n < 0) {
                refuse(link, Refusal.MALFORMED, "400 Bad Request", "connection ended inside the request head");
                return;
            }
            // The head can only get further at a line end (or at the first byte, which may be garbage):
            // skipping other reads keeps a client that sends one byte at a time from costing a parse each.
            boolean parse_again = filled == 0;
            for (int i = filled; i < filled + n && !parse_again; i++) {
                parse_again = head[i] == '\n';
            }
            filled += n;
            if (parse_again) {
                result = HostHeaderParser.parse(head, filled);
            }
        }
        switch (result) {
            case Malformed malformed -> refuse(link, Refusal.MALFORMED, "400 Bad Request", malformed.reason());
            case NoName no_name -> refuse(link, Refusal.NO_NAME, "400 Bad Request", "request has no Host header");
            case Name name -> route(link, name.name(), head, filled);
            case NeedMore need_more -> throw new AssertionError("left the read loop without a result");
        }
    }

    private void route(Link link, String host, byte[] head, int head_length) {
        long contract = ContractNames.contractOf(host, config.domain());
        Backend backend = contract == 0 ? null : routes.attach(contract, link);
        if (backend == null) {
            // host passed HostHeaderParser: only [a-z0-9.-_] or an IPv6 literal, safe to echo in text/plain.
            refuse(link, Refusal.UNKNOWN_NAME, "404 Not Found", "no workload is served at " + host);
            return;
        }
        try {
            if (backend.httpPort() == 0) {
                refuse(link, Refusal.UNKNOWN_NAME, "404 Not Found", "the workload at " + host + " does not serve plain HTTP");
                return;
            }
            if (!Pipe.connect(link, new InetSocketAddress(backend.host(), backend.httpPort()), config.connectTimeoutMs())) {
                refuse(link, Refusal.BACKEND_UNREACHABLE, "502 Bad Gateway", "the workload at " + host + " did not accept a connection");
                return;
            }
            stats.countRoutedHttp();
            Pipe.run(link, head, head_length);
        } finally {
            routes.detach(contract, link);
        }
    }

    private void refuse(Link link, Refusal reason, String status, String problem) {
        stats.countRefused(reason);
        byte[] body = ("dcloud ingress: " + problem + "\n").getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] head = response.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        Sockets.refuse(link.client, message);
    }
}
