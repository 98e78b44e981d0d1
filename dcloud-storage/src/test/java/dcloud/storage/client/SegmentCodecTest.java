package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.storage.crypt.SegmentCipher;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Segments through encryption and Reed-Solomon and back, from every K-subset of pieces. */
class SegmentCodecTest {
    static final long SEED = Long.getLong("dcloud.seed", 99L);

    static byte[] bytes(int size) {
        byte[] out = new byte[size];
        new Random(SEED + size).nextBytes(out);
        return out;
    }

    static byte[] key(int tag) {
        byte[] key = new byte[32];
        key[0] = (byte) tag;
        return key;
    }

    @Test
    void everyFourOfEightSubsetDecodesTheSameSegment() {
        byte[] plain = bytes(200_003);
        SegmentCodec.Encoded encoded = SegmentCodec.encode(plain, key(1), 4, 8);
        int decoded = 0;
        for (int mask = 0; mask < 256; mask++) {
            if (Integer.bitCount(mask) != 4) {
                continue;
            }
            byte[][] pieces = new byte[8][];
            for (int i = 0; i < 8; i++) {
                pieces[i] = (mask & (1 << i)) != 0 ? encoded.pieces()[i].clone() : null;
            }
            assertThat(SegmentCodec.decode(pieces, 4, encoded.pieceSizeBytes(), encoded.cipherSizeBytes(), key(1)))
                    .as("seed %d subset %s", SEED, Integer.toBinaryString(mask)).isEqualTo(plain);
            decoded++;
        }
        assertThat(decoded).isEqualTo(70);
    }

    @Test
    void roundTripsEmptyTinyChunkSizedAndUnevenSegments() {
        for (int size : new int[] {0, 1, 65_536, 65_537, 1_000_000}) {
            byte[] plain = bytes(size);
            SegmentCodec.Encoded encoded = SegmentCodec.encode(plain, key(2), 3, 5);
            byte[][] pieces = encoded.pieces().clone();
            pieces[0] = null;
            pieces[2] = null;
            assertThat(SegmentCodec.decode(pieces, 3, encoded.pieceSizeBytes(), encoded.cipherSizeBytes(), key(2)))
                    .as("seed %d size %d", SEED, size).isEqualTo(plain);
        }
    }

    @Test
    void aReusedStripeEncodesExactlyLikeAFreshOne() throws Exception {
        Random random = new Random(11);
        byte[] big = new byte[1_000_003];
        random.nextBytes(big);
        byte[] small = new byte[70_001];
        random.nextBytes(small);
        Stripe stripe = new Stripe(8, SegmentCodec.pieceSizeForPlaintext(big.length, 4));
        SegmentCodec.encode(new java.io.ByteArrayInputStream(big), big.length, key(5), 4, stripe, null);
        SegmentCodec.Encoded reused = SegmentCodec.encode(new java.io.ByteArrayInputStream(small), small.length, key(6), 4, stripe, null);
        SegmentCodec.Encoded fresh = SegmentCodec.encode(small, key(6), 4, 8);
        int size = fresh.pieceSizeBytes();
        assertThat(reused.pieceSizeBytes()).isEqualTo(size);
        for (int i = 0; i < 8; i++) {
            assertThat(java.util.Arrays.copyOf(reused.pieces()[i], size)).as("piece %d", i).isEqualTo(fresh.pieces()[i]);
            assertThat(reused.roots()[i]).isEqualTo(fresh.roots()[i]);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.security.MessageDigest digest = dcloud.core.crypto.Sha256.newDigest();
        assertThat(SegmentCodec.decode(reused.pieces(), 4, size, reused.cipherSizeBytes(), key(6), 0, out, digest)).isEqualTo(SegmentCodec.DECODED);
        assertThat(out.toByteArray()).isEqualTo(small);
        assertThat(digest.digest()).isEqualTo(dcloud.core.crypto.Sha256.hash(small));
    }

    @Test
    void decodingNamesTheFirstChunkThatFailsAndGoesOnFromAChunkOnceThePiecesAreFixed() throws Exception {
        byte[] plain = new byte[5 * SegmentCipher.CHUNK_SIZE_BYTES + 17];
        new Random(12).nextBytes(plain);
        SegmentCodec.Encoded encoded = SegmentCodec.encode(plain, key(8), 2, 4);
        int size = encoded.pieceSizeBytes();
        byte[][] damaged = new byte[4][];
        for (int i = 0; i < 4; i++) {
            damaged[i] = java.util.Arrays.copyOf(encoded.pieces()[i], size);
        }
        int chunk_bytes = SegmentCipher.CHUNK_SIZE_BYTES + SegmentCipher.TAG_SIZE_BYTES;
        damaged[0][2 * chunk_bytes + 100] ^= 1;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.security.MessageDigest digest = dcloud.core.crypto.Sha256.newDigest();
        int failed = SegmentCodec.decode(damaged, 2, size, encoded.cipherSizeBytes(), key(8), 0, out, digest);
        assertThat(failed).isEqualTo(2);
        assertThat(out.toByteArray()).as("the chunks before the damaged one, and nothing of it").isEqualTo(java.util.Arrays.copyOf(plain, 2 * SegmentCipher.CHUNK_SIZE_BYTES));
        byte[][] fixed = {null, null, encoded.pieces()[2], encoded.pieces()[3]};
        assertThat(SegmentCodec.decode(fixed, 2, size, encoded.cipherSizeBytes(), key(8), failed, out, digest)).isEqualTo(SegmentCodec.DECODED);
        assertThat(out.toByteArray()).isEqualTo(plain);
        assertThat(digest.digest()).isEqualTo(dcloud.core.crypto.Sha256.hash(plain));
    }

    @Test
    void anInputShorterThanAnnouncedIsRefused() {
        Stripe stripe = new Stripe(8, SegmentCodec.pieceSizeForPlaintext(100_000, 4));
        assertThatThrownBy(() -> SegmentCodec.encode(new java.io.ByteArrayInputStream(new byte[99_999]), 100_000, key(7), 4, stripe, null))
                .isInstanceOf(java.io.EOFException.class).hasMessageContaining("ended early");
    }

    @Test
    void piecesHoldNoPlaintextAndTheWrongKeyDoesNotDecrypt() {
        byte[] plain = new byte[300_000];
        java.util.Arrays.fill(plain, (byte) 'A');
        SegmentCodec.Encoded encoded = SegmentCodec.encode(plain, key(3), 4, 8);
        for (byte[] piece : encoded.pieces()) {
            int run = 0;
            int longest = 0;
            for (byte b : piece) {
                run = b == 'A' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            assertThat(longest).as("no run of plaintext survives in a piece").isLessThan(8);
        }
        assertThatThrownBy(() -> SegmentCodec.decode(encoded.pieces(), 4, encoded.pieceSizeBytes(), encoded.cipherSizeBytes(), key(4)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redundancyParsingNamesTheFlagAndTheRule() {
        Redundancy shape = Redundancy.parse("4/8", 2);
        assertThat(shape.repairThreshold()).isEqualTo(6);
        assertThat(shape.totalShards()).isEqualTo(10);
        assertThat(shape.withAvailableNodes(8).totalShards()).isEqualTo(8);
        assertThatThrownBy(() -> Redundancy.parse("8/4", 0)).hasMessageContaining("--redundancy K/N needs 1 <= K < N");
        assertThatThrownBy(() -> Redundancy.parse("four", 0)).hasMessageContaining("--redundancy must be K/N");
        assertThatThrownBy(() -> Redundancy.parse("4/x", 0)).hasMessageContaining("two integers");
    }
}
