package dcloud.storage.piecestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesExactlyTheBytesGivenWhateverTheirSplitAndSizeWithODirect() throws Exception {
        writesExactlyTheBytesGiven(true, 0x5eed_0002L);
    }

    @Test
    void writesExactlyTheBytesGivenThroughThePageCacheWhereODirectIsRefused() throws Exception {
        writesExactlyTheBytesGiven(false, 0x5eed_0003L);
    }

    private void writesExactlyTheBytesGiven(boolean allow_direct, long seed) throws Exception {
        Random random = new Random(seed);
        int block = (int) Files.getFileStore(dir).getBlockSize();
        int chunk = DirectBuffers.BUFFER_BYTES;
        for (int size : new int[] {0, 1, block - 1, block, block + 1, chunk - 1, chunk, chunk + block + 7, 3 * chunk + 12_345}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = dir.resolve("piece-" + allow_direct + "-" + size);
            try (PieceFileWriter writer = new PieceFileWriter(file, allow_direct)) {
                int at = 0;
                while (at < size) {
                    int length = Math.min(size - at, 1 + random.nextInt(300_000));
                    writer.write(data, at, length);
                    at += length;
                }
                writer.finish();
            }
            assertThat(Files.readAllBytes(file)).as("seed %d, size %d", seed, size).isEqualTo(data);
        }
    }

    @Test
    void usesODirectOnADiskFileSystem() throws Exception {
        try (PieceFileWriter writer = new PieceFileWriter(dir.resolve("probe"))) {
            // Where the test directory is on tmpfs this is false and the first test covered the fallback.
            org.junit.jupiter.api.Assumptions.assumeTrue(writer.isDirect(), "the test directory's file system has no O_DIRECT");
            writer.finish();
        }
    }
}
