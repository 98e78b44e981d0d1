package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.rocks.KeyValueDb;
import java.nio.charset.StandardCharsets;
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
            index.pendingSegment("00ff", "s1", new byte[] {1});
            index.pendingSegment("00ff", "s2", new byte[] {2, 2});
            index.pendingSegment("00ff0", "u1", new byte[] {4}); // an object id that extends another must survive its drop
            index.pendingSegment("11ee", "t1", new byte[] {3});
        }
        try (ObjectIndex index = new ObjectIndex(dir)) {
            assertThat(index.list()).extracting(ObjectManifest::name).as("pending puts are not objects").containsExactly("a");
            List<ObjectIndex.PendingPut> pending = index.pending();
            assertThat(pending).extracting(ObjectIndex.PendingPut::objectHex).containsExactly("00ff", "00ff0", "11ee");
            assertThat(pending.get(0).segmentIds()).containsExactly("s1", "s2");
            assertThat(pending.get(0).segments()).extracting(ObjectIndex.PendingSegment::contractsTx).containsExactly(new byte[] {1}, new byte[] {2, 2});
            index.dropPending("00ff");
            assertThat(index.pending()).extracting(ObjectIndex.PendingPut::objectHex).containsExactly("00ff0", "11ee");
            assertThat(index.get("a")).isEqualTo(manifest("a"));
        }
    }

    @Test
    void aPendingPutRecordedBeforeTheTxsWereKeptIsReadWithoutThemAndDropped() throws Exception {
        try (KeyValueDb raw = KeyValueDb.open(dir, "storage index", "")) {
            byte[] key = ("\u0001" + "00ff").getBytes(StandardCharsets.US_ASCII);
            raw.db.put(raw.synced, key, "{\"objectHex\":\"00ff\",\"segmentIds\":[\"s1\",\"s2\"]}".getBytes(StandardCharsets.UTF_8));
        }
        try (ObjectIndex index = new ObjectIndex(dir)) {
            index.pendingSegment("00ff", "s3", new byte[] {3});
            List<ObjectIndex.PendingPut> pending = index.pending();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).segmentIds()).containsExactly("s1", "s2", "s3");
            assertThat(pending.get(0).segments()).extracting(ObjectIndex.PendingSegment::contractsTx).containsExactly(null, null, new byte[] {3});
            index.dropPending("00ff");
            assertThat(index.pending()).isEmpty();
        }
    }
}
