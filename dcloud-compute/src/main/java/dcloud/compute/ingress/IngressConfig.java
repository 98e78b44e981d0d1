package dcloud.compute.ingress;

import java.util.Locale;

/**
 * How the ingress router listens and what it bounds.
 *
 * @param host                  address the listening sockets bind to ("0.0.0.0" for every interface)
 * @param httpsPort             TLS port, routed by SNI; 0 = an ephemeral port (tests)
 * @param httpPort              plain HTTP port, routed by Host; 0 = an ephemeral port (tests)
 * @param domain                names are {@code <contract-id>.<domain>}, e.g. {@code 42.c0.dcloud.test}
 * @param helloTimeoutMs        deadline for a whole ClientHello or HTTP request head, from accept
 * @param helloSizeBytesMax     limit of a ClientHello in bytes, record headers included
 * @param httpHeadSizeBytesMax  limit of an HTTP request head in bytes (request line, headers, empty line)
 * @param connectionsMax        connections held at once over all ports; more are accepted and closed
 * @param connectTimeoutMs      limit for connecting to a backend or a forward target
 * @param tcpPortBase           first port of the range for forwarded TCP ports; 0 = ephemeral ports (tests)
 * @param tcpPortCount          size of that range; also the limit of forwards open at once
 */
public record IngressConfig(
        String host,
        int httpsPort,
        int httpPort,
        String domain,
        int helloTimeoutMs,
        int helloSizeBytesMax,
        int httpHeadSizeBytesMax,
        int connectionsMax,
        int connectTimeoutMs,
        int tcpPortBase,
        int tcpPortCount) {
    public static final int HELLO_TIMEOUT_MS_DEFAULT = 5_000;
    public static final int HELLO_SIZE_BYTES_MAX_DEFAULT = 16 * 1024;
    public static final int HTTP_HEAD_SIZE_BYTES_MAX_DEFAULT = 16 * 1024;
    public static final int CONNECTIONS_MAX_DEFAULT = 4_096;
    public static final int CONNECT_TIMEOUT_MS_DEFAULT = 3_000;
    public static final int TCP_PORT_COUNT_DEFAULT = 64;

    /** A ClientHello can carry up to 2^24 bytes; a router has no business buffering more than this. */
    static final int HEAD_SIZE_BYTES_LIMIT = 1024 * 1024;
    /** The smallest sane ClientHello is ~50 bytes; a limit below this is a mistake in the config. */
    static final int HEAD_SIZE_BYTES_MIN = 512;
    static final int TIMEOUT_MS_LIMIT = 600_000;

    public IngressConfig {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        check(httpsPort >= 0 && httpsPort <= 65_535, "https_port must be 0..65535", httpsPort);
        check(httpPort >= 0 && httpPort <= 65_535, "http_port must be 0..65535", httpPort);
        if (domain == null || !domain.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
            throw new IllegalArgumentException("domain must be dot-separated labels of [a-z0-9-], got '" + domain + "'");
        }
        domain = domain.toLowerCase(Locale.ROOT);
        check(helloTimeoutMs > 0 && helloTimeoutMs <= TIMEOUT_MS_LIMIT, "hello_timeout_ms must be 1.." + TIMEOUT_MS_LIMIT, helloTimeoutMs);
        check(helloSizeBytesMax >= HEAD_SIZE_BYTES_MIN && helloSizeBytesMax <= HEAD_SIZE_BYTES_LIMIT,
                "hello_size_bytes_max must be " + HEAD_SIZE_BYTES_MIN + ".." + HEAD_SIZE_BYTES_LIMIT, helloSizeBytesMax);
        check(httpHeadSizeBytesMax >= HEAD_SIZE_BYTES_MIN && httpHeadSizeBytesMax <= HEAD_SIZE_BYTES_LIMIT,
                "http_head_size_bytes_max must be " + HEAD_SIZE_BYTES_MIN + ".." + HEAD_SIZE_BYTES_LIMIT, httpHeadSizeBytesMax);
        check(connectionsMax > 0, "connections_max must be positive", connectionsMax);
        check(connectTimeoutMs > 0 && connectTimeoutMs <= TIMEOUT_MS_LIMIT, "connect_timeout_ms must be 1.." + TIMEOUT_MS_LIMIT, connectTimeoutMs);
        check(tcpPortBase == 0 || (tcpPortBase >= 1024 && tcpPortBase <= 65_535), "tcp_port_base must be 0 or 1024..65535", tcpPortBase);
        check(tcpPortCount >= 0 && (tcpPortBase == 0 || tcpPortBase + tcpPortCount - 1 <= 65_535),
                "tcp_port_count must be >= 0 and the range must end at 65535 at most", tcpPortCount);
    }

    /** Loopback, ephemeral ports everywhere, default limits: for tests and benchmarks. */
    public static IngressConfig defaults(String domain) {
        return new IngressConfig("127.0.0.1", 0, 0, domain, HELLO_TIMEOUT_MS_DEFAULT, HELLO_SIZE_BYTES_MAX_DEFAULT,
                HTTP_HEAD_SIZE_BYTES_MAX_DEFAULT, CONNECTIONS_MAX_DEFAULT, CONNECT_TIMEOUT_MS_DEFAULT, 0, TCP_PORT_COUNT_DEFAULT);
    }

    private static void check(boolean ok, String rule, int value) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + value);
        }
    }
}
