package dcloud.compute.wasm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class BoundedOutputTest {
    private static final String MARKER = "\n[dcloud: output truncated at 60 bytes]\n";

    @TempDir
    Path dir;

    @Test
    void keepsEverythingUpToTheLimit() throws Exception {
        Path file = dir.resolve("out");
        try (BoundedOutput out = new BoundedOutput(file, 60)) {
            out.write("a".repeat(59).getBytes(UTF_8));
            out.write('b');
            assertThat(out.truncated()).isFalse();
        }
        assertThat(Files.readString(file)).isEqualTo("a".repeat(59) + "b");
    }

    @Test
    void replacesTheTailByAMarkerWhenMoreComes() throws Exception {
        Path file = dir.resolve("out");
        try (BoundedOutput out = new BoundedOutput(file, 60)) {
            out.write("a".repeat(55).getBytes(UTF_8)); // already past the 60 - marker bytes that will be kept
            out.write("b".repeat(10).getBytes(UTF_8));
            out.write("c".repeat(1000).getBytes(UTF_8));
            assertThat(out.truncated()).isTrue();
            assertThat(out.offered()).isEqualTo(1065);
        }
        assertThat(Files.readString(file)).isEqualTo("a".repeat(60 - MARKER.length()) + MARKER).hasSize(60);
    }

    @Test
    void keepsTheStartOfAWriteThatCrossesTheLimit() throws Exception {
        Path file = dir.resolve("out");
        try (BoundedOutput out = new BoundedOutput(file, 60)) {
            out.write("a".repeat(5).getBytes(UTF_8));
            out.write("b".repeat(100).getBytes(UTF_8));
        }
        assertThat(Files.readString(file)).isEqualTo("aaaaa" + "b".repeat(55 - MARKER.length()) + MARKER);
    }

    @Test
    void aLimitSmallerThanTheMarkerKeepsBytesOnly() throws Exception {
        Path file = dir.resolve("out");
        try (BoundedOutput out = new BoundedOutput(file, 5)) {
            out.write("abc".getBytes(UTF_8));
            out.write("defgh".getBytes(UTF_8));
        }
        assertThat(Files.readString(file)).isEqualTo("abcde");
    }
}
