package dcloud.compute.ingress;

/**
 * Where a workload listens: {@code host} (an address or name the compute node can reach) and its
 * https and http ports; a port of 0 means the workload does not serve that protocol.
 */
public record Backend(String host, int httpsPort, int httpPort) {
    public Backend {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("backend host must not be empty");
        }
        if (httpsPort < 0 || httpsPort > 65_535 || httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("backend ports must be 0 (not served) or 1..65535: " + httpsPort + ", " + httpPort);
        }
    }
}
