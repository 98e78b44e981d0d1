package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.crypto.Sha256;
import dcloud.storage.crypt.SegmentCipher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The get's last stage: hashing and writing on its own thread, in order, with failures brought back to the decoder. */
class ObjectWriterTest {
    private static final int CHUNK = SegmentCipher.CHUNK_SIZE_BYTES;

    /** Fills the writer as a decoder would, chunk by chunk of the given lengths, from {@code plain}. */
    private static void fill(PlainSink sink, byte[] plain, int[] lengths) throws IOException {
        int at = 0;
        for (int length : lengths) {
            PlainSink.Room room = sink.room();
            System.arraycopy(plain, at, room.bytes(), room.offset(), length);
            sink.filled(length);
            at += length;
        }
    }

    @Test
    void writesAndHashesEveryChunkInOrderAcrossManyBatches() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int[] lengths = new int[ObjectWriter.BATCHES * 16 * 3 + 5];
        int total = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = random.nextInt(5) == 0 ? random.nextInt(CHUNK + 1) : CHUNK;
            total += lengths[i];
        }
        byte[] plain = new byte[total];
        random.nextBytes(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] sha256;
        try (ObjectWriter writer = new ObjectWriter(out, Sha256.newDigest())) {
            fill(writer, plain, lengths);
            sha256 = writer.finish();
        }
        assertThat(out.toByteArray()).as("seed " + seed).isEqualTo(plain);
        assertThat(sha256).as("seed " + seed).isEqualTo(Sha256.hash(plain));
    }

    @Test
    void anEmptyObjectHashesToTheEmptyDigest() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectWriter writer = new ObjectWriter(out, Sha256.newDigest())) {
            assertThat(writer.finish()).isEqualTo(Sha256.hash(new byte[0]));
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void askingForRoomTwiceBeforeFillingGivesTheSameSpace() throws Exception {
        try (ObjectWriter writer = new ObjectWriter(OutputStream.nullOutputStream(), Sha256.newDigest())) {
            PlainSink.Room first = writer.room();
            assertThat(writer.room()).isEqualTo(first);
            writer.filled(10);
            assertThat(writer.room().offset()).isEqualTo(first.offset() + 10);
        }
    }

    @Test
    void aFailedWriteReachesTheDecoderWithoutBlockingIt() throws Exception {
        AtomicLong written = new AtomicLong();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (written.addAndGet(length) > 3L * ObjectWriter.BATCH_BYTES) {
                    throw new IOException("No space left on device");
                }
            }
        };
        byte[] plain = new byte[CHUNK];
        int[] one_chunk = {CHUNK};
        try (ObjectWriter writer = new ObjectWriter(full, Sha256.newDigest())) {
            assertThatThrownBy(() -> {
                // Far more than the queue holds: if the writer stopped taking batches, this would block.
                for (int i = 0; i < 100 * ObjectWriter.BATCHES * 16; i++) {
                    fill(writer, plain, one_chunk);
                }
                writer.finish();
            }).isInstanceOf(IOException.class).hasMessage("writing the object failed: No space left on device");
        }
    }

    @Test
    void closingBeforeFinishingStopsTheWriterThread() throws Exception {
        ObjectWriter writer = new ObjectWriter(OutputStream.nullOutputStream(), Sha256.newDigest());
        fill(writer, new byte[CHUNK], new int[] {CHUNK});
        writer.close();
        for (int i = 0; i < 500 && Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("object-writer")); i++) {
            Thread.sleep(10);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("object-writer"));
    }
}
