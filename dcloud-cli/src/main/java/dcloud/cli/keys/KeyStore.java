package dcloud.cli.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyDerivation;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.Mnemonic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Named keys in HOME/keys/NAME.json, each holding its BIP-39 mnemonic (file mode 0600). The key is
 * derived from the mnemonic, so `keys import` on a fresh machine gives back the same account.
 *
 * <p>A key file also keeps the mnemonic's seed, which is exactly as secret as the mnemonic itself:
 * deriving the seed takes 2,048 rounds of PBKDF2-HMAC-SHA512, about 0.1 s of every command that
 * signs or stores. The kept seed is used only when the account it derives is the file's account,
 * so a damaged seed can never put data under keys the mnemonic does not give; files without one
 * (written before it was kept) derive it from the mnemonic every time.
 */
public final class KeyStore {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredKey(@JsonProperty("name") String name, @JsonProperty("account") String account,
                            @JsonProperty("mnemonic") String mnemonic, @JsonProperty("seed") String seed_hex) {
        /** The mnemonic's BIP-39 seed and the account key derived from it. */
        public record Derived(byte[] seed, KeyPair accountKey) {}

        /** The seed and account key: from the kept seed when it derives this file's account, else from the mnemonic. */
        public Derived derive() {
            byte[] kept = keptSeed();
            if (kept != null) {
                KeyPair key = keyPair(kept);
                if (Account.of(key.publicKey()).toText().equals(account)) {
                    return new Derived(kept, key);
                }
            }
            byte[] seed = Mnemonic.toSeed(mnemonic, "");
            return new Derived(seed, keyPair(seed));
        }

        private byte[] keptSeed() {
            if (seed_hex == null || seed_hex.length() != 2 * Mnemonic.SEED_SIZE_BYTES) {
                return null;
            }
            try {
                return Hex.decode(seed_hex);
            } catch (IllegalArgumentException not_hex) {
                return null;
            }
        }

        public KeyPair keyPair() {
            return derive().accountKey();
        }

        /** The account key from a mnemonic's seed. */
        public static KeyPair keyPair(byte[] seed) {
            return KeyDerivation.accountKey(seed, 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public KeyStore(Path home) {
        this.dir = home.resolve("keys");
    }

    public static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("key name '" + name + "' must be 1-64 characters of letters, digits, '_', '.', '-'");
        }
    }

    public StoredKey create(String name, String mnemonic) throws IOException {
        checkName(name);
        String normalized = Mnemonic.validate(mnemonic);
        Path file = dir.resolve(name + ".json");
        if (Files.exists(file)) {
            throw new IllegalArgumentException("a key named '" + name + "' already exists (" + file + ")");
        }
        byte[] seed = Mnemonic.toSeed(normalized, "");
        StoredKey stored = new StoredKey(name, Account.of(StoredKey.keyPair(seed).publicKey()).toText(), normalized, Hex.encode(seed));
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path temp = dir.resolve(name + ".json.tmp");
        JSON.writeValue(temp.toFile(), stored);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return stored;
    }

    public StoredKey get(String name) throws IOException {
        checkName(name);
        Path file = dir.resolve(name + ".json");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no key named '" + name + "' (see 'dcloud keys list', or create one with 'dcloud keys new " + name + "')");
        }
        return JSON.readValue(file.toFile(), StoredKey.class);
    }

    public boolean exists(String name) {
        return Files.exists(dir.resolve(name + ".json"));
    }

    public List<StoredKey> list() throws IOException {
        List<StoredKey> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readValue(file.toFile(), StoredKey.class));
            }
        }
        return out;
    }
}
