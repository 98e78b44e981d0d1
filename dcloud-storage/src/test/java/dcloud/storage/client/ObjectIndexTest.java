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

    @Test
    void aPendingPutSurvivesAReopenUntilDroppedAndIsNeverListedAsAnObject() throws Exception {
        try (ObjectIndex index = new ObjectIndex(dir)) {
            index.put(manifest("a"));
            index.pendingSegment("00ff", "s1");
            index.pendingSegment("00ff", "s2");
            index.pendingSegment("11ee", "t1");
        }
        try (ObjectIndex index = new ObjectIndex(dir)) {
            assertThat(index.list()).extracting(ObjectManifest::name).as("pending puts are not objects").containsExactly("a");
            assertThat(index.pending()).containsExactly(new ObjectIndex.PendingPut("00ff", List.of("s1", "s2")),
                    new ObjectIndex.PendingPut("11ee", List.of("t1")));
            index.dropPending("00ff");
            assertThat(index.pending()).extracting(ObjectIndex.PendingPut::objectHex).containsExactly("11ee");
            assertThat(index.get("a")).isEqualTo(manifest("a"));
        }
    }
}
