package dcloud.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Public-key encryption to a recipient's X25519 key (ECIES): an ephemeral X25519 key, HKDF-SHA256
 * of the shared secret, AES-256-GCM. Output: {@code ephemeral public key (32) ‖ nonce (12) ‖ ciphertext+tag}.
 * A developer's access key is derived from its account key, so the mnemonic alone opens what
 * providers sealed to it.
 */
public final class SealedBox {
    public static final int KEY_SIZE_BYTES = 32;
    private static final byte[] INFO = "dcloud/sealed-box/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_SIZE_BYTES = 12;

    /** An X25519 key pair: private and public, 32 bytes each. */
    public record AccessKey(byte[] privateKey, byte[] publicKey) {}

    private SealedBox() {}

    public static AccessKey accessKeyFor(KeyPair account_key) {
        byte[] secret = Sha256.hash("dcloud/access-key/v1".getBytes(StandardCharsets.US_ASCII), account_key.privateKey());
        byte[] public_key = new byte[KEY_SIZE_BYTES];
        X25519.generatePublicKey(secret, 0, public_key, 0);
        return new AccessKey(secret, public_key);
    }

    public static byte[] seal(byte[] recipient_public_key, byte[] plaintext, SecureRandom random) {
        byte[] ephemeral = new byte[KEY_SIZE_BYTES];
        X25519.generatePrivateKey(random, ephemeral);
        byte[] ephemeral_public = new byte[KEY_SIZE_BYTES];
        X25519.generatePublicKey(ephemeral, 0, ephemeral_public, 0);
        byte[] nonce = new byte[NONCE_SIZE_BYTES];
        random.nextBytes(nonce);
        byte[] key = sharedKey(ephemeral, recipient_public_key, ephemeral_public);
        byte[] ciphertext = aes(Cipher.ENCRYPT_MODE, key, nonce, plaintext);
        byte[] out = new byte[KEY_SIZE_BYTES + NONCE_SIZE_BYTES + ciphertext.length];
        System.arraycopy(ephemeral_public, 0, out, 0, KEY_SIZE_BYTES);
        System.arraycopy(nonce, 0, out, KEY_SIZE_BYTES, NONCE_SIZE_BYTES);
        System.arraycopy(ciphertext, 0, out, KEY_SIZE_BYTES + NONCE_SIZE_BYTES, ciphertext.length);
        return out;
    }

    /** Opens a sealed box; throws IllegalArgumentException when it is not for this key or was altered. */
    public static byte[] open(AccessKey recipient, byte[] sealed) {
        if (sealed.length < KEY_SIZE_BYTES + NONCE_SIZE_BYTES + 16) {
            throw new IllegalArgumentException("sealed box is too short");
        }
        byte[] ephemeral_public = Arrays.copyOf(sealed, KEY_SIZE_BYTES);
        byte[] nonce = Arrays.copyOfRange(sealed, KEY_SIZE_BYTES, KEY_SIZE_BYTES + NONCE_SIZE_BYTES);
        byte[] key = sharedKey(recipient.privateKey(), ephemeral_public, ephemeral_public);
        return aes(Cipher.DECRYPT_MODE, key, nonce, Arrays.copyOfRange(sealed, KEY_SIZE_BYTES + NONCE_SIZE_BYTES, sealed.length));
    }

    private static byte[] sharedKey(byte[] private_key, byte[] public_key, byte[] ephemeral_public) {
        byte[] shared = new byte[KEY_SIZE_BYTES];
        if (!X25519.calculateAgreement(private_key, 0, public_key, 0, shared, 0)) {
            throw new IllegalArgumentException("X25519 agreement failed: invalid public key");
        }
        return Hkdf.derive(shared, ephemeral_public, INFO, 32);
    }

    private static byte[] aes(int mode, byte[] key, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed box does not open with this key (or was altered)", e);
        }
    }
}
