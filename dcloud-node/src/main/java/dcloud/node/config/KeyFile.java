package dcloud.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A node's private key on disk (validator or devnet faucet), readable by its owner only. */
public final class KeyFile {
    record KeyJson(@JsonProperty("public_key") String publicKey, @JsonProperty("private_key") String privateKey) {}

    private KeyFile() {}

    public static KeyPair read(Path file) throws IOException {
        KeyJson json = Json.MAPPER.readValue(file.toFile(), KeyJson.class);
        KeyPair key = KeyPair.fromPrivateKey(Hex.decode(json.privateKey()));
        if (!Hex.encode(key.publicKey()).equals(json.publicKey())) {
            throw new IOException(file + ": public_key does not match private_key");
        }
        return key;
    }

    public static void write(Path file, KeyPair key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Json.MAPPER.writeValue(file.toFile(), new KeyJson(Hex.encode(key.publicKey()), Hex.encode(key.privateKey())));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
