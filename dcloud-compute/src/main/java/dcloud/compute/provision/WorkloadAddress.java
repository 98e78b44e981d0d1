package dcloud.compute.provision;

import java.util.List;

/**
 * Where a running service workload listens, as seen from the provider host: the ingress routes
 * HTTPS (by SNI) to {@code httpsPort}, HTTP (by Host) to {@code httpPort} and forwards each of
 * {@code tcpPorts}. A port of 0 means the workload does not serve that protocol.
 */
public record WorkloadAddress(String host, int httpsPort, int httpPort, List<Integer> tcpPorts) {
    public WorkloadAddress {
        tcpPorts = List.copyOf(tcpPorts);
    }
}
