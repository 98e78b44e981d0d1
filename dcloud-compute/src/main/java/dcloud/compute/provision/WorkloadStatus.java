package dcloud.compute.provision;

/**
 * A workload's state as its provisioner sees it. {@code exitCode} is meaningful once
 * {@link State#isFinal() final}; {@code detail} says why in words ("cpu time limit 2000 ms reached").
 */
public record WorkloadStatus(State state, int exitCode, String detail) {
    public enum State {
        RUNNING, SUCCEEDED, FAILED, STOPPED, UNKNOWN;

        public boolean isFinal() {
            return this == SUCCEEDED || this == FAILED || this == STOPPED;
        }
    }

    public static WorkloadStatus running() {
        return new WorkloadStatus(State.RUNNING, 0, "running");
    }

    public static WorkloadStatus unknown(String id) {
        return new WorkloadStatus(State.UNKNOWN, 0, "no workload " + id);
    }
}
