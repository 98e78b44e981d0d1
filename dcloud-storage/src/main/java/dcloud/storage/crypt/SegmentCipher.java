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
    private final Cipher cipher;

    /**
     * Not thread-safe: it keeps one {@link Cipher}; use one instance per thread. A segment key
     * encrypts one segment once (nonces are chunk numbers), so encrypt with a fresh instance.
     */
    public SegmentCipher(byte[] segment_key) {
        if (segment_key.length != 32) {
            throw new IllegalArgumentException("segment key must be 32 bytes");
        }
        this.key = new SecretKeySpec(segment_key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
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

    /** Chunks of a segment of {@code plaintext_size} bytes (an empty segment is one empty chunk). */
    public static int chunkCount(long plaintext_size) {
        return (int) Math.max(1, (plaintext_size + CHUNK_SIZE_BYTES - 1) / CHUNK_SIZE_BYTES);
    }

    public byte[] encrypt(byte[] plaintext) {
        byte[] out = new byte[(int) ciphertextSize(plaintext.length)];
        int written = 0;
        for (int c = 0; c < chunkCount(plaintext.length); c++) {
            int start = c * CHUNK_SIZE_BYTES;
            written += encryptChunk(c, plaintext, start, Math.min(CHUNK_SIZE_BYTES, plaintext.length - start), out, written);
        }
        return out;
    }

    /** Encrypts chunk {@code chunk} (at most {@link #CHUNK_SIZE_BYTES}) into {@code out}; returns the bytes written (length + tag). */
    public int encryptChunk(int chunk, byte[] in, int offset, int length, byte[] out, int out_offset) {
        assert length <= CHUNK_SIZE_BYTES : "chunk of " + length + " bytes";
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(chunk)));
            return cipher.doFinal(in, offset, length, out, out_offset);
        } catch (GeneralSecurityException e) {
            // The JDK refuses to encrypt twice in a row under one key and nonce: a key is for one segment, encrypted once.
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
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
        int written = 0;
        for (int c = 0; c < chunks; c++) {
            int start = c * chunk_cipher;
            written += decryptChunk(c, ciphertext, start, Math.min(chunk_cipher, ciphertext.length - start), out, written);
        }
        return out;
    }

    /**
     * Decrypts and authenticates chunk {@code chunk} ({@code length} bytes with its tag) into
     * {@code out}; returns the plaintext bytes written. Throws IllegalArgumentException naming the chunk.
     */
    public int decryptChunk(int chunk, byte[] in, int offset, int length, byte[] out, int out_offset) {
        if (length < TAG_SIZE_BYTES) {
            throw new IllegalArgumentException("segment chunk " + chunk + " is shorter than its tag");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(chunk)));
            return cipher.doFinal(in, offset, length, out, out_offset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("segment chunk " + chunk + " does not authenticate: wrong key or altered data");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("segment chunk " + chunk + " does not decrypt: " + e.getMessage(), e);
        }
    }

    private static byte[] nonce(int chunk) {
        return ByteBuffer.allocate(12).putInt(8, chunk).array();
    }
}
