package dcloud.compute.provision;

/**
 * Runs one kind of workload (wasm, process, later OCI or VMs). The agent talks to every kind
 * through this interface only. Workload ids are the agent's (the contract id as text); a
 * provisioner keeps everything of a workload under {@link WorkloadSpec#workDir()} so that a restarted
 * agent can find, adopt or clean it up.
 */
public interface Provisioner extends AutoCloseable {
    /** The workload kind this provisioner runs, as offerings name it: "wasm", "process". */
    String kind();

    /** Whether this machine can really run this kind now, and if not, why. */
    ProbeResult probe();

    /**
     * Starts the workload. Returns once it runs (or has been rejected); never blocks for the
     * workload's lifetime.
     */
    void start(WorkloadSpec spec) throws ProvisionException;

    /**
     * Takes over a workload a previous agent process started from the same work dir, if it still
     * runs. Returns false when there is nothing alive to adopt (the caller then starts it again).
     */
    boolean adopt(WorkloadSpec spec);

    WorkloadStatus status(String workload_id);

    /** The last {@code size_bytes_max} bytes of stdout and stderr, interleaved by stream. */
    String logs(String workload_id, int size_bytes_max);

    /** Stops the workload and frees what it held; idempotent. Keeps its result directory. */
    void stop(String workload_id);

    /** Where a service workload listens, or null for batch kinds and workloads that are not running. */
    default WorkloadAddress address(String workload_id) {
        return null;
    }

    @Override
    default void close() {}
}
