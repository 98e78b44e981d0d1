package dcloud.compute.ingress;

/** Why a connection was not routed; counted by {@link IngressStats}. */
public enum Refusal {
    /** A ClientHello without server_name, a request without Host. */
    NO_NAME,
    /** A name that is not {@code <contract-id>.<domain>}, a contract without route, or a backend that does not serve the protocol. */
    UNKNOWN_NAME,
    /** Not TLS, not HTTP, or broken: truncated, bad lengths, bad characters. */
    MALFORMED,
    /** The ClientHello or the request head is over its size limit. */
    TOO_LARGE,
    /** The ClientHello or the request head did not arrive within its deadline. */
    TIMEOUT,
    /** The backend did not accept a connection within the connect timeout. */
    BACKEND_UNREACHABLE,
    /** The router already held {@code connectionsMax} connections. */
    OVER_CAPACITY,
}
