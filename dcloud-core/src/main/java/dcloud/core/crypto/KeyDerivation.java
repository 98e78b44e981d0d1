package dcloud.core.crypto;

import java.nio.ByteBuffer;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SLIP-0010 Ed25519 derivation (hardened only) from a BIP-39 seed. The account key of a dcloud
 * user is m/44'/COIN_TYPE'/account'/0'/0', so the mnemonic alone restores every key.
 */
public final class KeyDerivation {
    /** Not a registered SLIP-0044 coin type; fixed forever once keys exist. */
    public static final int COIN_TYPE = 8888;
    private static final int HARDENED = 0x80000000;

    private KeyDerivation() {}

    public static KeyPair accountKey(byte[] seed, int account) {
        return KeyPair.fromPrivateKey(derivePrivateKey(seed, new int[] {44, COIN_TYPE, account, 0, 0}));
    }

    /** Derives along a path of hardened indices (the high bit is added here). */
    public static byte[] derivePrivateKey(byte[] seed, int[] path) {
        byte[] node = hmacSha512("ed25519 seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
        for (int index : path) {
            if (index < 0) {
                throw new IllegalArgumentException("path index must be below 2^31 before hardening, got " + index);
            }
            ByteBuffer data = ByteBuffer.allocate(1 + 32 + 4);
            data.put((byte) 0).put(node, 0, 32).putInt(index | HARDENED);
            byte[] chain_code = java.util.Arrays.copyOfRange(node, 32, 64);
            node = hmacSha512(chain_code, data.array());
        }
        return java.util.Arrays.copyOfRange(node, 0, 32);
    }

    /** Master chain code and key, exposed for the SLIP-0010 test vectors. */
    public static byte[] masterNode(byte[] seed) {
        return hmacSha512("ed25519 seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
    }

    static byte[] hmacSha512(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA512Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[64];
        mac.doFinal(out, 0);
        return out;
    }
}
