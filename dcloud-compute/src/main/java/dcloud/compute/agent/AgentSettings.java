package dcloud.compute.agent;

import dcloud.compute.provision.Limits;
import java.nio.file.Path;

/**
 * How an agent runs. {@code workloadsDir} holds one directory per contract; {@code publicHost} is
 * the name or address developers reach the ingress at; {@code agentUrl} is this agent's HTTP API as
 * registered on the ledger. {@code faultCorruptResults} is fault injection for tests only: the
 * agent then posts a wrong result hash, as a dishonest provider would.
 */
public record AgentSettings(Path workloadsDir, String publicHost, String agentUrl, Limits limits, long artifactSizeBytesMax,
                            boolean autoAccept, boolean faultCorruptResults) {
    public static final long ARTIFACT_SIZE_BYTES_MAX_DEFAULT = 64L << 20;
    public static final int LOGS_SIZE_BYTES_MAX = 64 * 1024;
    public static final int ENV_SIZE_BYTES_MAX = 16 * 1024;
    public static final int ENV_VARS_MAX = 64;

    public AgentSettings {
        if (artifactSizeBytesMax <= 0) {
            throw new IllegalArgumentException("artifact_size_bytes_max must be positive");
        }
    }
}
