package dcloud.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.Mnemonic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files keep the mnemonic's seed, and a kept seed is only trusted when it derives the file's account. */
class KeyStoreTest {
    private static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assertDerivesFromTheMnemonic(KeyStore.StoredKey key) {
        KeyStore.StoredKey.Derived derived = key.derive();
        byte[] expected = Mnemonic.toSeed(MNEMONIC, "");
        assertThat(derived.seed()).isEqualTo(expected);
        assertThat(Account.of(derived.accountKey().publicKey()).toText()).isEqualTo(key.account());
        assertThat(key.keyPair().publicKey()).isEqualTo(KeyStore.StoredKey.keyPair(expected).publicKey());
    }

    private static void rewrite(Path home, String name, java.util.function.Consumer<ObjectNode> change) throws Exception {
        Path file = home.resolve("keys").resolve(name + ".json");
        ObjectNode stored = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(stored);
        JSON.writeValue(file.toFile(), stored);
    }

    @Test
    void aNewKeyFileKeepsTheSeedOfItsMnemonic(@TempDir Path home) throws Exception {
        KeyStore keys = new KeyStore(home);
        keys.create("alice", MNEMONIC);
        KeyStore.StoredKey stored = keys.get("alice");
        assertThat(stored.seed_hex()).hasSize(2 * Mnemonic.SEED_SIZE_BYTES);
        assertDerivesFromTheMnemonic(stored);
    }

    @Test
    void aDamagedKeptSeedIsIgnoredAndTheSeedComesFromTheMnemonic(@TempDir Path home) throws Exception {
        KeyStore keys = new KeyStore(home);
        keys.create("alice", MNEMONIC);
        rewrite(home, "alice", file -> {
            String seed = file.path("seed").asText();
            file.put("seed", (seed.charAt(0) == '0' ? "1" : "0") + seed.substring(1));
        });
        assertDerivesFromTheMnemonic(keys.get("alice"));
        rewrite(home, "alice", file -> file.put("seed", "not hex"));
        assertDerivesFromTheMnemonic(keys.get("alice"));
    }

    @Test
    void aKeyFileWithoutASeedDerivesItFromTheMnemonic(@TempDir Path home) throws Exception {
        KeyStore keys = new KeyStore(home);
        keys.create("alice", MNEMONIC);
        rewrite(home, "alice", file -> file.remove("seed"));
        assertThat(Files.readString(home.resolve("keys/alice.json"))).doesNotContain("seed");
        assertThat(keys.get("alice").seed_hex()).isNull();
        assertDerivesFromTheMnemonic(keys.get("alice"));
    }
}
