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
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record KeyJson(@JsonProperty("public_key") String publicKey, @JsonProperty("private_key") String privateKey) {}

    private KeyFile() {}

    /** Reads a node key file, or a `dcloud keys` file (its mnemonic derives the key), so a provider can reuse its CLI key. */
    public static KeyPair read(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(file.toFile());
        if (tree.has("mnemonic")) {
            try {
                return dcloud.core.crypto.KeyDerivation.accountKey(dcloud.core.crypto.Mnemonic.toSeed(tree.get("mnemonic").asText(), ""), 0);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        KeyJson json = Json.MAPPER.treeToValue(tree, KeyJson.class);
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

    /** Writes a key as a mnemonic file in the `dcloud keys` format (owner-only permissions), so the CLI can use it too. */
    public static void writeMnemonic(Path file, String name, String mnemonic) throws IOException {
        KeyPair key = dcloud.core.crypto.KeyDerivation.accountKey(dcloud.core.crypto.Mnemonic.toSeed(mnemonic, ""), 0);
        java.util.Map<String, String> json = new java.util.LinkedHashMap<>();
        json.put("name", name);
        json.put("account", dcloud.core.account.Account.of(key.publicKey()).toText());
        json.put("mnemonic", mnemonic);
        Files.writeString(file, Json.MAPPER.writeValueAsString(json));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
