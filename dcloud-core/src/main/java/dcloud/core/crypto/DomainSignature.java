package dcloud.core.crypto;

import java.util.Arrays;

/**
 * Signatures over {@code domain ‖ unsigned bytes}, for encodings that end with their own 64-byte
 * signature (transactions, blocks). The domain prefix keeps a signature for one kind of message
 * from ever being valid for another.
 */
public final class DomainSignature {
    private DomainSignature() {}

    public static byte[] sign(KeyPair key, byte[] domain, byte[] unsigned) {
        return key.sign(message(domain, unsigned, unsigned.length));
    }

    /** Verifies the signature that follows the first {@code unsigned_size_bytes} of {@code encoded}. */
    public static boolean verify(byte[] public_key, byte[] domain, byte[] encoded, int unsigned_size_bytes) {
        byte[] signature = Arrays.copyOfRange(encoded, unsigned_size_bytes, encoded.length);
        return KeyPair.verify(public_key, message(domain, encoded, unsigned_size_bytes), signature);
    }

    private static byte[] message(byte[] domain, byte[] bytes, int length) {
        byte[] message = new byte[domain.length + length];
        System.arraycopy(domain, 0, message, 0, domain.length);
        System.arraycopy(bytes, 0, message, domain.length, length);
        return message;
    }
}
