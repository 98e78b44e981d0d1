package dcloud.compute.provision;

/** A workload could not be started; the message says why in terms the developer can act on. */
public final class ProvisionException extends Exception {
    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
