package dcloud.compute.agent;

import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The developer signs each workload upload: Ed25519 over {@code domain ‖ contract ‖ SHA-256(artifact)
 * ‖ SHA-256(env payload)}, so only the contract's developer can put a workload into it, and the
 * agent can tell an upload for one contract from a replay into another.
 */
public final class UploadSignature {
    private static final byte[] DOMAIN = "dcloud/workload-upload/v1".getBytes(StandardCharsets.US_ASCII);

    private UploadSignature() {}

    static byte[] message(long contract, byte[] artifact_sha256, byte[] env_sha256) {
        return ByteBuffer.allocate(DOMAIN.length + 8 + 64).put(DOMAIN).putLong(contract).put(artifact_sha256).put(env_sha256).array();
    }

    public static byte[] sign(KeyPair developer, long contract, byte[] artifact_sha256, byte[] env_payload) {
        return developer.sign(message(contract, artifact_sha256, Sha256.hash(env_payload)));
    }

    static boolean verify(byte[] developer, byte[] signature, long contract, byte[] artifact_sha256, byte[] env_sha256) {
        return signature.length == KeyPair.SIGNATURE_SIZE_BYTES
                && KeyPair.verify(developer, message(contract, artifact_sha256, env_sha256), signature);
    }
}
