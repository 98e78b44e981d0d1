package dcloud.compute.ingress;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import dcloud.compute.ingress.ParseResult.NoName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS port: reads the ClientHello, no more, picks the backend by its server_name and pipes the
 * connection there untouched; the TLS session is between the client and the workload. Refusals are a
 * fatal TLS alert (RFC 8446 6.2), which clients report as such instead of as a dropped connection.
 */
final class HttpsFront implements Listener.Handler {
    static final byte ALERT_HANDSHAKE_FAILURE = 40;
    static final byte ALERT_DECODE_ERROR = 50;
    static final byte ALERT_INTERNAL_ERROR = 80;
    static final byte ALERT_UNRECOGNIZED_NAME = 112;

    private final IngressConfig config;
    private final RouteTable routes;
    private final IngressStats stats;

    HttpsFront(IngressConfig config, RouteTable routes, IngressStats stats) {
        this.config = config;
        this.routes = routes;
        this.stats = stats;
    }

    @Override
    public void serve(Link link) throws IOException {
        byte[] hello = new byte[config.helloSizeBytesMax()];
        int filled = 0;
        long deadline_ns = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.helloTimeoutMs());
        ParseResult result = ClientHelloParser.parse(hello, filled);
        while (result instanceof NeedMore need) {
            assert need.bytesTotalMin() > filled;
            if (need.bytesTotalMin() > hello.length) {
                refuse(link, Refusal.TOO_LARGE, ALERT_HANDSHAKE_FAILURE);
                return;
            }
            // Read up to the parser's lower bound only: those bytes belong to the hello whatever comes,
            // and parsing again before the bound is reached could not get further.
            while (filled < need.bytesTotalMin()) {
                int n;
                try {
                    n = Sockets.read(link.client, hello, filled, need.bytesTotalMin() - filled, deadline_ns);
                } catch (SocketTimeoutException e) {
                    refuse(link, Refusal.TIMEOUT, ALERT_HANDSHAKE_FAILURE);
                    return;
                }
                if (n < 0) {
                    refuse(link, Refusal.MALFORMED, ALERT_DECODE_ERROR); // the client stopped inside its hello
                    return;
                }
                filled += n;
            }
            result = ClientHelloParser.parse(hello, filled);
        }
        switch (result) {
            case Malformed malformed -> refuse(link, Refusal.MALFORMED, ALERT_DECODE_ERROR);
            case NoName no_name -> refuse(link, Refusal.NO_NAME, ALERT_UNRECOGNIZED_NAME);
            case Name name -> route(link, name.name(), hello, filled);
            case NeedMore need_more -> throw new AssertionError("left the read loop without a result");
        }
    }

    private void route(Link link, String name, byte[] hello, int hello_length) {
        long contract = ContractNames.contractOf(name, config.domain());
        Backend backend = contract == 0 ? null : routes.attach(contract, link);
        if (backend == null) {
            refuse(link, Refusal.UNKNOWN_NAME, ALERT_UNRECOGNIZED_NAME);
            return;
        }
        try {
            if (backend.httpsPort() == 0) {
                refuse(link, Refusal.UNKNOWN_NAME, ALERT_UNRECOGNIZED_NAME);
                return;
            }
            if (!Pipe.connect(link, new InetSocketAddress(backend.host(), backend.httpsPort()), config.connectTimeoutMs())) {
                refuse(link, Refusal.BACKEND_UNREACHABLE, ALERT_INTERNAL_ERROR);
                return;
            }
            stats.countRoutedHttps();
            Pipe.run(link, hello, hello_length);
        } finally {
            routes.detach(contract, link);
        }
    }

    private void refuse(Link link, Refusal reason, byte alert_description) {
        stats.countRefused(reason);
        // A TLS record: type alert (21), version 3.3, length 2; then level fatal (2) and the description.
        Sockets.refuse(link.client, new byte[] {21, 3, 3, 0, 2, 2, alert_description});
    }
}
