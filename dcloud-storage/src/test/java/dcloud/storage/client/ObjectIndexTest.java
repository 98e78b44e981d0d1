package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectIndexTest {
    @TempDir
    Path dir;

    static ObjectManifest manifest(String name) {
        return new ObjectManifest(name, 3, "ab", "cd", 1, List.of(new ObjectManifest.SegmentRef("ef", 3, 19, 4, 8, 8)));
    }

    @Test
    void manifestsSurviveReopeningInNameOrder() throws Exception {
        try (ObjectIndex index = new ObjectIndex(dir)) {
            index.put(manifest("b"));
            index.put(manifest("a"));
            index.put(manifest("c"));
            index.delete("c");
        }
        try (ObjectIndex index = new ObjectIndex(dir)) {
            assertThat(index.list()).extracting(ObjectManifest::name).containsExactly("a", "b");
            assertThat(index.get("b")).isEqualTo(manifest("b"));
            assertThat(index.get("c")).isNull();
        }
    }

    @Test
    void objectNamesMustBeShortPrintableText() {
        assertThat(ObjectIndex.checkName("photos/2026/cat.jpg")).isNull();
        assertThat(ObjectIndex.checkName("")).contains("1 to 1024 bytes");
        assertThat(ObjectIndex.checkName("a\nb")).contains("control characters");
        assertThat(ObjectIndex.checkName("x".repeat(1025))).contains("1 to 1024 bytes");
    }
}
