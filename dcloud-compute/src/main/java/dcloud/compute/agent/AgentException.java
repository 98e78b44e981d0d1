package dcloud.compute.agent;

/** A request to the agent that it refuses, with the HTTP status that fits and a message naming the rule. */
public final class AgentException extends Exception {
    public final int status;

    public AgentException(int status, String message) {
        super(message);
        this.status = status;
    }
}
