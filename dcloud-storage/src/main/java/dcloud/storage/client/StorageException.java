package dcloud.storage.client;

/** A storage operation that could not be done, with a message that says what and why. */
public final class StorageException extends Exception {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
