package dcloud.core.codec;

/** Bytes that are not a canonical encoding; the message names the field and the rule. */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message);
    }
}
