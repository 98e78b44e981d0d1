package dcloud.core.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueDbTest {
    @TempDir
    Path dir;

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsItsDirectoryAndKeepsBothKindsOfWritesAcrossAReopen() throws Exception {
        Path nested = dir.resolve("a").resolve("b");
        try (KeyValueDb store = KeyValueDb.open(nested, "test index", "")) {
            store.db.put(store.synced, bytes("synced"), bytes("1"));
            store.db.put(store.logged, bytes("logged"), bytes("2"));
        }
        try (KeyValueDb reopened = KeyValueDb.open(nested, "test index", "")) {
            assertThat(reopened.db.get(bytes("synced"))).isEqualTo(bytes("1"));
            assertThat(reopened.db.get(bytes("logged"))).isEqualTo(bytes("2"));
        }
    }

    @Test
    void aSecondOpenOfADatabaseInUseFailsNamingItTheDirectoryAndTheHint() throws Exception {
        try (KeyValueDb first = KeyValueDb.open(dir, "test index", "")) {
            assertThatThrownBy(() -> KeyValueDb.open(dir, "test index", "(is another command running?)"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot open the test index in " + dir + ": ")
                    .hasMessageEndingWith(" (is another command running?)");
            first.db.put(first.synced, bytes("still"), bytes("usable"));
            assertThat(first.db.get(bytes("still"))).as("the failed open left the first one working").isEqualTo(bytes("usable"));
        }
    }
}
