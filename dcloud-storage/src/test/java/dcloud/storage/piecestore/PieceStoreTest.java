package dcloud.storage.piecestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.bytes.Hex;
import dcloud.core.merkle.ChunkRoots;
import dcloud.core.merkle.MerkleStream;
import dcloud.core.merkle.MerkleTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
            assertThat(again.usedBytes()).as("the bytes and one chunk root").isEqualTo(5000 + 32);
            assertThat(again.info(id(1)).contract()).isEqualTo(7);
            assertThat(again.verify(id(1))).isTrue();
        }
    }

    @Test
    void refusesAFullDiskAnUnknownPieceADuplicateAndABadRangeWithClearErrors() throws Exception {
        try (PieceStore store = new PieceStore(dir, 10_000)) {
            store.put(id(1), new byte[8_000], 1);
            assertThatThrownBy(() -> store.put(id(2), new byte[3_000], 1))
                    .hasMessageContaining("storage is full: 1968 bytes free, piece needs 3032 (its bytes and chunk roots)");
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
    void countsChunkRootsAgainstTheCapacityAndOffersOnLedgerWhatFits() throws Exception {
        int piece_bytes = 4 * ChunkRoots.CHUNK_SIZE_BYTES;
        long offered = PieceStore.offeredBytes(4 * piece_bytes + 4 * 4 * 32);
        assertThat(offered).as("four pieces' bytes fit in what the node offers").isGreaterThanOrEqualTo(4L * piece_bytes);
        try (PieceStore store = new PieceStore(dir, 4 * piece_bytes + 4 * 4 * 32)) {
            for (int i = 1; i <= 4; i++) {
                store.put(id(i), new byte[piece_bytes], i);
            }
            assertThat(store.usedBytes()).isEqualTo(store.capacityBytes());
            assertThatThrownBy(() -> store.put(id(5), new byte[1], 5)).hasMessageContaining("storage is full: 0 bytes free, piece needs 33");
        }
        assertThat(PieceStore.offeredBytes(513 * 1000)).isEqualTo(512 * 1000);
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

    private static byte[] randomPiece(int size_bytes, long seed) {
        byte[] data = new byte[size_bytes];
        new Random(seed).nextBytes(data);
        return data;
    }

    private Path onlyFile() throws java.io.IOException {
        try (var files = Files.walk(dir.resolve("pieces"))) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    @Test
    void keepsThePieceChunkRootsAfterItsBytesAndReadsOneChunkAtATime() throws Exception {
        byte[] data = randomPiece(5 * ChunkRoots.CHUNK_SIZE_BYTES + 999, 21);
        try (PieceStore store = new PieceStore(dir, 1_000_000)) {
            store.put(id(1), data, 3);
            ChunkRoots expected = new MerkleStream().update(data, 0, data.length).chunkRoots();
            assertThat(Files.size(onlyFile())).as("piece bytes, then 32 bytes per chunk").isEqualTo(data.length + 6 * 32);
            assertThat(store.chunkRoots(id(1)).toBytes()).isEqualTo(expected.toBytes());
            assertThat(store.readChunk(id(1), 5)).isEqualTo(Arrays.copyOfRange(data, 5 * ChunkRoots.CHUNK_SIZE_BYTES, data.length));
            assertThat(store.readAll(id(1))).as("a read never returns the chunk roots").isEqualTo(data);
            assertThat(store.usedBytes()).as("the file's bytes, chunk roots included").isEqualTo(Files.size(onlyFile()));
            assertThatThrownBy(() -> store.readChunk(id(1), 6)).hasMessageContaining("chunk 6 is outside the piece's 6 chunks");
        }
    }

    @Test
    void aScrubNamesTheDamagedChunkAndKeepsToItsPace() throws Exception {
        byte[] data = randomPiece(40 * ChunkRoots.CHUNK_SIZE_BYTES, 22);
        try (PieceStore store = new PieceStore(dir, 10_000_000)) {
            store.put(id(1), data, 3);
            java.util.List<Long> paced = new java.util.ArrayList<>();
            assertThat(store.scrub(id(1), paced::add)).as("an intact piece").isEqualTo(-1);
            assertThat(paced.stream().mapToLong(Long::longValue).sum()).as("every byte read is paced").isEqualTo(data.length);
            assertThat(paced).as("in bounded reads").allMatch(bytes -> bytes <= 256 * 1024);
            byte[] raw = Files.readAllBytes(onlyFile());
            raw[33 * ChunkRoots.CHUNK_SIZE_BYTES + 5] ^= 0x40;
            Files.write(onlyFile(), raw);
            assertThat(store.scrub(id(1), bytes -> {})).isEqualTo(33);
            assertThat(store.verify(id(1))).isFalse();
        }
    }

    @Test
    void rebuildsMissingOrDamagedChunkRootsFromIntactBytesAndCallsDamagedBytesDamaged() throws Exception {
        byte[] data = randomPiece(3 * ChunkRoots.CHUNK_SIZE_BYTES + 10, 23);
        try (PieceStore store = new PieceStore(dir, 1_000_000)) {
            store.put(id(1), data, 3);
            byte[] roots = store.chunkRoots(id(1)).toBytes();
            Path file = onlyFile();
            Files.write(file, data);
            assertThat(store.chunkRoots(id(1)).toBytes()).as("a file written before chunk roots were kept").isEqualTo(roots);
            assertThat(Files.size(file)).as("gets them written back").isEqualTo(data.length + roots.length);
            byte[] raw = Files.readAllBytes(file);
            raw[data.length + 40] ^= 1;
            Files.write(file, raw);
            assertThat(store.chunkRoots(id(1)).toBytes()).as("damaged roots over intact bytes are rebuilt").isEqualTo(roots);
            assertThat(store.verify(id(1))).isTrue();
            raw = Files.readAllBytes(file);
            raw[data.length + 40] ^= 1;
            raw[7] ^= 1;
            Files.write(file, raw);
            assertThatThrownBy(() -> store.chunkRoots(id(1))).isInstanceOf(PieceStore.PieceException.class)
                    .hasMessageContaining("no longer hashes to its recorded Merkle root")
                    .satisfies(e -> assertThat(((PieceStore.PieceException) e).code).isEqualTo("damaged"));
            Files.write(file, Arrays.copyOf(data, 1000));
            assertThat(store.scrub(id(1), bytes -> {})).as("a truncated piece is damaged").isZero();
        }
    }
}
