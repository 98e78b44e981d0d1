package dcloud.storage.crypt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import dcloud.core.crypto.Hkdf;

/**
 * Client-side encryption of segments: AES-256-GCM in chunks of {@link #CHUNK_SIZE_BYTES} (the JDK
 * is fast on chunks of this size and slow on one large call), each with its own 16-byte tag and a
 * nonce made of the chunk number. Keys: the user's storage root key (from the mnemonic seed, HKDF)
 * → an object key per object id → a segment key per segment index. Object ids carry random bytes,
 * so a key and nonce pair is never used twice.
 */
public final class SegmentCipher {
    public static final int CHUNK_SIZE_BYTES = 64 * 1024;
    public static final int TAG_SIZE_BYTES = 16;
    private final SecretKeySpec key;

    public SegmentCipher(byte[] segment_key) {
        if (segment_key.length != 32) {
            throw new IllegalArgumentException("segment key must be 32 bytes");
        }
        this.key = new SecretKeySpec(segment_key, "AES");
    }

    public static byte[] rootKey(byte[] mnemonic_seed) {
        return hkdf(mnemonic_seed, "dcloud/storage/root/v1", new byte[0]);
    }

    public static byte[] objectKey(byte[] root_key, byte[] object_id) {
        return hkdf(root_key, "dcloud/storage/object/v1", object_id);
    }

    public static byte[] segmentKey(byte[] object_key, int segment) {
        return hkdf(object_key, "dcloud/storage/segment/v1", ByteBuffer.allocate(4).putInt(segment).array());
    }

    private static byte[] hkdf(byte[] secret, String info, byte[] salt) {
        return Hkdf.derive(secret, salt, info.getBytes(StandardCharsets.US_ASCII), 32);
    }

    public static long ciphertextSize(long plaintext_size) {
        long chunks = Math.max(1, (plaintext_size + CHUNK_SIZE_BYTES - 1) / CHUNK_SIZE_BYTES);
        return plaintext_size + chunks * TAG_SIZE_BYTES;
    }

    public byte[] encrypt(byte[] plaintext) {
        byte[] out = new byte[(int) ciphertextSize(plaintext.length)];
        int chunks = (int) Math.max(1, (plaintext.length + (long) CHUNK_SIZE_BYTES - 1) / CHUNK_SIZE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            int written = 0;
            for (int c = 0; c < chunks; c++) {
                int start = c * CHUNK_SIZE_BYTES;
                int length = Math.min(CHUNK_SIZE_BYTES, plaintext.length - start);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(c)));
                written += cipher.doFinal(plaintext, start, length, out, written);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts and authenticates; throws IllegalArgumentException naming the chunk that fails. */
    public byte[] decrypt(byte[] ciphertext) {
        int chunk_cipher = CHUNK_SIZE_BYTES + TAG_SIZE_BYTES;
        int chunks = Math.max(1, (ciphertext.length + chunk_cipher - 1) / chunk_cipher);
        long plain_size = ciphertext.length - (long) chunks * TAG_SIZE_BYTES;
        if (plain_size < 0) {
            throw new IllegalArgumentException("ciphertext is too short");
        }
        byte[] out = new byte[(int) plain_size];
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            int written = 0;
            for (int c = 0; c < chunks; c++) {
                int start = c * chunk_cipher;
                int length = Math.min(chunk_cipher, ciphertext.length - start);
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(c)));
                try {
                    written += cipher.doFinal(ciphertext, start, length, out, written);
                } catch (javax.crypto.AEADBadTagException e) {
                    throw new IllegalArgumentException("segment chunk " + c + " does not authenticate: wrong key or altered data");
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("segment does not decrypt: " + e.getMessage(), e);
        }
    }

    private static byte[] nonce(int chunk) {
        return ByteBuffer.allocate(12).putInt(8, chunk).array();
    }
}
