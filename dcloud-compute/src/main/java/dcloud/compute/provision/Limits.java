package dcloud.compute.provision;

/**
 * What one workload may use. {@code cpuTimeMsMax} bounds a batch job's total CPU time (wasm: the
 * interpreter is interrupted; 0 = no limit); {@code cpuPercent} is a share of one core for services
 * (process: cgroup quota); {@code outputBytesMax} bounds stdout, stderr and the output directory each.
 */
public record Limits(long memoryBytesMax, long cpuTimeMsMax, int cpuPercent, int processesMax, long outputBytesMax) {
    public Limits {
        if (memoryBytesMax <= 0 || cpuTimeMsMax < 0 || cpuPercent <= 0 || processesMax <= 0 || outputBytesMax <= 0) {
            throw new IllegalArgumentException("limits must be positive (cpu_time_ms_max may be 0 = none): " + this);
        }
    }
}
