package dcloud.core.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869): the one key-derivation function behind sealed boxes and storage keys. */
public final class Hkdf {
    private Hkdf() {}

    public static byte[] derive(byte[] secret, byte[] salt, byte[] info, int size_bytes) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(secret, salt, info));
        byte[] out = new byte[size_bytes];
        generator.generateBytes(out, 0, size_bytes);
        return out;
    }
}
