package dcloud.core.crypto;

import dcloud.core.bytes.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * BIP-39 mnemonics (English list): 24 words carry 256 bits of entropy plus an 8-bit checksum.
 * The word list is the standard one; it is loaded from the classpath and checked against the
 * SHA-256 published in BIP-39, so a corrupted list can never silently derive other keys.
 */
public final class Mnemonic {
    public static final int WORDS_DEFAULT = 24;
    private static final String WORDLIST_RESOURCE = "/org/bitcoinj/crypto/mnemonic/wordlist/english.txt";
    private static final String WORDLIST_SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";
    private static final int PBKDF2_ROUNDS = 2048;
    public static final int SEED_SIZE_BYTES = 64;
    private static final List<String> WORDS = loadWordList();

    private Mnemonic() {}

    /** A fresh 24-word phrase from {@code random}. */
    public static String generate(SecureRandom random) {
        byte[] entropy = new byte[32];
        random.nextBytes(entropy);
        return fromEntropy(entropy);
    }

    public static String fromEntropy(byte[] entropy) {
        if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
            throw new IllegalArgumentException("entropy must be 16, 20, 24, 28 or 32 bytes");
        }
        int checksum_bits = entropy.length * 8 / 32;
        byte[] hash = Sha256.hash(entropy);
        int total_bits = entropy.length * 8 + checksum_bits;
        List<String> words = new ArrayList<>();
        for (int word = 0; word < total_bits / 11; word++) {
            int index = 0;
            for (int bit = 0; bit < 11; bit++) {
                int position = word * 11 + bit;
                boolean set = position < entropy.length * 8
                        ? bitAt(entropy, position)
                        : bitAt(hash, position - entropy.length * 8);
                index = (index << 1) | (set ? 1 : 0);
            }
            words.add(WORDS.get(index));
        }
        return String.join(" ", words);
    }

    /**
     * Checks word count, every word and the checksum. Returns the normalized phrase
     * (single spaces, lower case). Throws IllegalArgumentException saying which rule failed.
     */
    public static String validate(String phrase) {
        String[] words = phrase.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
        if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
            throw new IllegalArgumentException("mnemonic must have 12, 15, 18, 21 or 24 words, got " + words.length);
        }
        int total_bits = words.length * 11;
        int checksum_bits = total_bits / 33;
        byte[] entropy = new byte[(total_bits - checksum_bits) / 8];
        int[] indices = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            int index = java.util.Collections.binarySearch(WORDS, words[i]);
            if (index < 0) {
                throw new IllegalArgumentException("mnemonic word " + (i + 1) + " ('" + words[i] + "') is not in the BIP-39 English list");
            }
            indices[i] = index;
        }
        for (int bit = 0; bit < entropy.length * 8; bit++) {
            if (((indices[bit / 11] >> (10 - bit % 11)) & 1) == 1) {
                entropy[bit / 8] |= (byte) (0x80 >> (bit % 8));
            }
        }
        String normalized = String.join(" ", words);
        if (!fromEntropy(entropy).equals(normalized)) {
            throw new IllegalArgumentException("mnemonic checksum does not match: a word is mistyped or out of order");
        }
        return normalized;
    }

    /**
     * The BIP-39 seed: PBKDF2-HMAC-SHA512 over the NFKD phrase (as UTF-8, which is how the JDK
     * encodes a PBE password), salt "mnemonic" + passphrase. The JDK's PBKDF2 rather than Bouncy
     * Castle's: every CLI command derives its key, and in a fresh JVM the JDK's (SHA-512 compressed
     * by an intrinsic) takes half the time.
     */
    public static byte[] toSeed(String phrase, String passphrase) {
        String normalized = Normalizer.normalize(validate(phrase), Normalizer.Form.NFKD);
        String salt = Normalizer.normalize("mnemonic" + passphrase, Normalizer.Form.NFKD);
        PBEKeySpec spec = new PBEKeySpec(normalized.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), PBKDF2_ROUNDS, SEED_SIZE_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is unavailable: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private static boolean bitAt(byte[] bytes, int position) {
        return ((bytes[position / 8] >> (7 - position % 8)) & 1) == 1;
    }

    private static List<String> loadWordList() {
        try (InputStream in = Mnemonic.class.getResourceAsStream(WORDLIST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("BIP-39 word list missing from the classpath: " + WORDLIST_RESOURCE);
            }
            byte[] bytes = in.readAllBytes();
            if (!Hex.encode(Sha256.hash(bytes)).equals(WORDLIST_SHA256)) {
                throw new IllegalStateException("BIP-39 word list does not match its published SHA-256");
            }
            List<String> words = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            if (words.size() != 2048) {
                throw new IllegalStateException("BIP-39 word list must have 2048 words");
            }
            return List.copyOf(words);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the BIP-39 word list", e);
        }
    }
}
