package dcloud.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code compute} object of node.json: the provider agent, its ingress router and the limits
 * every workload runs under. Every field has a dev default and help text ({@link #HELP}).
 */
public record ComputeConfig(
        @JsonProperty("agent_host") String agentHost,
        @JsonProperty("agent_port") Integer agentPort,
        @JsonProperty("agent_public_url") String agentPublicUrl,
        @JsonProperty("public_host") String publicHost,
        @JsonProperty("ingress_host") String ingressHost,
        @JsonProperty("ingress_https_port") Integer ingressHttpsPort,
        @JsonProperty("ingress_http_port") Integer ingressHttpPort,
        @JsonProperty("ingress_domain") String ingressDomain,
        @JsonProperty("ingress_tcp_port_base") Integer ingressTcpPortBase,
        @JsonProperty("ingress_tcp_port_count") Integer ingressTcpPortCount,
        @JsonProperty("workloads_dir") String workloadsDir,
        @JsonProperty("offerings_file") String offeringsFile,
        @JsonProperty("auto_accept") Boolean autoAccept,
        @JsonProperty("memory_bytes_max") Long memoryBytesMax,
        @JsonProperty("cpu_time_ms_max") Long cpuTimeMsMax,
        @JsonProperty("cpu_percent") Integer cpuPercent,
        @JsonProperty("processes_max") Integer processesMax,
        @JsonProperty("output_bytes_max") Long outputBytesMax,
        @JsonProperty("artifact_size_bytes_max") Long artifactSizeBytesMax,
        @JsonProperty("tick_ms") Long tickMs,
        @JsonProperty("fault_corrupt_results") Boolean faultCorruptResults) {

    public static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put("compute.agent_host", "address the agent API (workload uploads, logs, results) binds to (default 127.0.0.1)");
        HELP.put("compute.agent_port", "port of the agent API (default 7950)");
        HELP.put("compute.agent_public_url", "the agent URL registered on the ledger for developers (default http://agent_host:agent_port)");
        HELP.put("compute.public_host", "name or address developers reach the ingress and forwarded ports at (default 127.0.0.1)");
        HELP.put("compute.ingress_host", "address the ingress router binds to (default 127.0.0.1)");
        HELP.put("compute.ingress_https_port", "HTTPS ingress port, routed by TLS SNI without terminating TLS (default 8443)");
        HELP.put("compute.ingress_http_port", "HTTP ingress port, routed by Host header (default 8080)");
        HELP.put("compute.ingress_domain", "workloads are named <contract-id>.<ingress_domain> (default dcloud.localhost)");
        HELP.put("compute.ingress_tcp_port_base", "first port of the range for workloads' forwarded TCP ports (default 9100)");
        HELP.put("compute.ingress_tcp_port_count", "size of that range (default 64)");
        HELP.put("compute.workloads_dir", "where workloads, their records and results live (default compute)");
        HELP.put("compute.offerings_file", "offerings (YAML, like examples/offerings.yaml) the agent publishes after checking it can back them (default: none)");
        HELP.put("compute.auto_accept", "accept requests for workloads this agent can run without asking (default true)");
        HELP.put("compute.memory_bytes_max", "memory cap of one workload (default 536870912)");
        HELP.put("compute.cpu_time_ms_max", "CPU time a batch (wasm) job may use before it is stopped; 0 = no limit (default 600000)");
        HELP.put("compute.cpu_percent", "CPU share of one service (process) workload, percent of one core (default 100)");
        HELP.put("compute.processes_max", "processes one service workload may have at once (default 128)");
        HELP.put("compute.output_bytes_max", "bound on each of stdout, stderr and a job's output directory (default 16777216)");
        HELP.put("compute.artifact_size_bytes_max", "largest workload upload (default 67108864)");
        HELP.put("compute.tick_ms", "how often the agent reconciles with the ledger (default 1000)");
        HELP.put("compute.fault_corrupt_results", "fault injection for tests: post wrong result hashes, as a dishonest provider would (default false)");
    }

    public static ComputeConfig defaults() {
        return new ComputeConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null).withDefaults();
    }

    public ComputeConfig withDefaults() {
        String host = or(agentHost, "127.0.0.1");
        int port = or(agentPort, 7950);
        return new ComputeConfig(host, port, or(agentPublicUrl, "http://" + host + ":" + port), or(publicHost, "127.0.0.1"),
                or(ingressHost, "127.0.0.1"), or(ingressHttpsPort, 8443), or(ingressHttpPort, 8080), or(ingressDomain, "dcloud.localhost"),
                or(ingressTcpPortBase, 9100), or(ingressTcpPortCount, 64), or(workloadsDir, "compute"), offeringsFile, or(autoAccept, true),
                or(memoryBytesMax, 512L << 20), or(cpuTimeMsMax, 600_000L), or(cpuPercent, 100), or(processesMax, 128),
                or(outputBytesMax, 16L << 20), or(artifactSizeBytesMax, 64L << 20), or(tickMs, 1000L), or(faultCorruptResults, false));
    }

    /** A copy with the given ports (devnet: one set per compute node). */
    public ComputeConfig withPorts(int agent_port, int https_port, int http_port, int tcp_port_base, int tcp_port_count) {
        return new ComputeConfig(agentHost, agent_port, "http://" + agentHost + ":" + agent_port, publicHost, ingressHost, https_port,
                http_port, ingressDomain, tcp_port_base, tcp_port_count, workloadsDir, offeringsFile, autoAccept, memoryBytesMax,
                cpuTimeMsMax, cpuPercent, processesMax, outputBytesMax, artifactSizeBytesMax, tickMs, faultCorruptResults);
    }

    public ComputeConfig withDomainAndOfferings(String domain, String offerings_file) {
        return new ComputeConfig(agentHost, agentPort, agentPublicUrl, publicHost, ingressHost, ingressHttpsPort, ingressHttpPort, domain,
                ingressTcpPortBase, ingressTcpPortCount, workloadsDir, offerings_file, autoAccept, memoryBytesMax, cpuTimeMsMax, cpuPercent,
                processesMax, outputBytesMax, artifactSizeBytesMax, tickMs, faultCorruptResults);
    }

    /** Names the first broken rule, or null. */
    public String validate() {
        if (memoryBytesMax < (1 << 20) || cpuTimeMsMax < 0 || cpuPercent < 1 || processesMax < 4 || outputBytesMax < 1024) {
            return "compute: memory_bytes_max >= 1048576, cpu_time_ms_max >= 0, cpu_percent >= 1, processes_max >= 4, output_bytes_max >= 1024";
        }
        if (tickMs < 50 || artifactSizeBytesMax < 1) {
            return "compute: tick_ms >= 50 and artifact_size_bytes_max >= 1";
        }
        return null;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
