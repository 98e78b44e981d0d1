package dcloud.chain;

/** The answer to "take this transaction": accepted, or why not, with a message naming the rule. */
public record Admission(Status status, String message) {
    public enum Status { ACCEPTED, ALREADY_PENDING, ALREADY_COMMITTED, BUSY, INVALID, NOT_LEADER }

    public boolean queued() {
        return status == Status.ACCEPTED || status == Status.ALREADY_PENDING || status == Status.ALREADY_COMMITTED;
    }
}
