package dcloud.storage.piecestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.bytes.Hex;
import dcloud.core.merkle.MerkleTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {
    @TempDir
    Path dir;

    static byte[] id(int seed) {
        byte[] id = new byte[32];
        new Random(seed).nextBytes(id);
        return id;
    }

    @Test
    void storesReadsRangesAndKeepsEverythingAcrossARestart() throws Exception {
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        try (PieceStore store = new PieceStore(dir, 1_000_000)) {
            PieceStore.PieceInfo info = store.put(id(1), data, 7);
            assertThat(info.merkleRoot()).isEqualTo(MerkleTree.root(data));
            assertThat(store.read(id(1), 100, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 110));
        }
        try (PieceStore again = new PieceStore(dir, 1_000_000)) {
            assertThat(again.readAll(id(1))).isEqualTo(data);
            assertThat(again.usedBytes()).isEqualTo(5000);
            assertThat(again.info(id(1)).contract()).isEqualTo(7);
            assertThat(again.verify(id(1))).isTrue();
        }
    }

    @Test
    void refusesAFullDiskAnUnknownPieceADuplicateAndABadRangeWithClearErrors() throws Exception {
        try (PieceStore store = new PieceStore(dir, 10_000)) {
            store.put(id(1), new byte[8_000], 1);
            assertThatThrownBy(() -> store.put(id(2), new byte[3_000], 1)).hasMessageContaining("storage is full: 2000 bytes free");
            assertThatThrownBy(() -> store.put(id(1), new byte[10], 1)).hasMessageContaining("already stored");
            assertThatThrownBy(() -> store.readAll(id(3))).hasMessageContaining("no piece " + Hex.encode(id(3)));
            assertThatThrownBy(() -> store.read(id(1), 9_000, 1)).hasMessageContaining("outside the piece's 8000 bytes");
            assertThatThrownBy(() -> store.put(new byte[3], new byte[1], 1)).hasMessageContaining("32 bytes");
            store.delete(id(1));
            assertThat(store.usedBytes()).isZero();
            store.put(id(2), new byte[3_000], 1);
        }
    }

    @Test
    void aFlippedByteOnDiskIsDetected() throws Exception {
        byte[] data = new byte[4096];
        new Random(2).nextBytes(data);
        try (PieceStore store = new PieceStore(dir, 1_000_000)) {
            store.put(id(9), data, 1);
            Path file;
            try (var files = Files.walk(dir.resolve("pieces"))) {
                file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            byte[] raw = Files.readAllBytes(file);
            raw[1234] ^= 1;
            Files.write(file, raw);
            assertThat(store.verify(id(9))).isFalse();
        }
    }

    @Test
    void aStreamedPieceThatIsShortLongOrHasAnotherRootLeavesNoFileAndFreesItsSpace() throws Exception {
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        byte[] root = MerkleTree.root(data);
        try (PieceStore store = new PieceStore(dir, 1_000_000)) {
            assertThatThrownBy(() -> store.put(id(1), new java.io.ByteArrayInputStream(data, 0, 299_999), data.length, 1, root))
                    .hasMessageContaining("the piece is 300000 bytes; the upload has 299999");
            assertThatThrownBy(() -> store.put(id(1), new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(data, 300_001)), data.length, 1, root))
                    .hasMessageContaining("the upload has more");
            byte[] other = data.clone();
            other[299_000] ^= 1;
            assertThatThrownBy(() -> store.put(id(1), new java.io.ByteArrayInputStream(other), data.length, 1, root))
                    .hasMessageContaining("Merkle root does not match");
            assertThat(store.usedBytes()).isZero();
            assertThat(store.info(id(1))).isNull();
            try (var files = Files.walk(dir.resolve("pieces"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).as("no temporary files are left").isEmpty();
            }
            assertThat(store.put(id(1), new java.io.ByteArrayInputStream(data), data.length, 1, root).merkleRoot()).isEqualTo(root);
            assertThat(store.readAll(id(1))).isEqualTo(data);
        }
    }
}
