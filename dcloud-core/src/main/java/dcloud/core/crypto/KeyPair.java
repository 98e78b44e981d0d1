package dcloud.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 key pair: a 32-byte private seed and its 32-byte public key. */
public final class KeyPair {
    public static final int PRIVATE_KEY_SIZE_BYTES = Ed25519.SECRET_KEY_SIZE;
    public static final int PUBLIC_KEY_SIZE_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_SIZE_BYTES = Ed25519.SIGNATURE_SIZE;

    private final byte[] private_key;
    private final byte[] public_key;

    private KeyPair(byte[] private_key) {
        if (private_key.length != PRIVATE_KEY_SIZE_BYTES) {
            throw new IllegalArgumentException("private key must be " + PRIVATE_KEY_SIZE_BYTES + " bytes");
        }
        this.private_key = private_key.clone();
        this.public_key = new byte[PUBLIC_KEY_SIZE_BYTES];
        Ed25519.generatePublicKey(this.private_key, 0, this.public_key, 0);
    }

    public static KeyPair fromPrivateKey(byte[] private_key) {
        return new KeyPair(private_key);
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[PRIVATE_KEY_SIZE_BYTES];
        random.nextBytes(seed);
        return new KeyPair(seed);
    }

    public byte[] publicKey() {
        return public_key.clone();
    }

    public byte[] privateKey() {
        return private_key.clone();
    }

    /** Signs exactly {@code message}; callers prepend their own domain-separation prefix. */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[SIGNATURE_SIZE_BYTES];
        Ed25519.sign(private_key, 0, public_key, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Thread-safe verification (the static RFC 8032 verifier keeps no state). */
    public static boolean verify(byte[] public_key, byte[] message, byte[] signature) {
        if (public_key.length != PUBLIC_KEY_SIZE_BYTES || signature.length != SIGNATURE_SIZE_BYTES) {
            return false;
        }
        return Ed25519.verify(signature, 0, public_key, 0, message, 0, message.length);
    }

    @Override
    public String toString() {
        return "KeyPair{public_key=" + dcloud.core.bytes.Hex.encode(public_key) + "}";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPair that && Arrays.equals(private_key, that.private_key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(public_key);
    }
}
