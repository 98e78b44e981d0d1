package dcloud.storage.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.crypto.Mnemonic;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentCipherTest {
    static byte[] segmentKey(String mnemonic, String object, int segment) {
        byte[] root = SegmentCipher.rootKey(Mnemonic.toSeed(mnemonic, ""));
        return SegmentCipher.segmentKey(SegmentCipher.objectKey(root, object.getBytes(StandardCharsets.UTF_8)), segment);
    }

    @Test
    void roundTripsAtEveryChunkBoundary() {
        byte[] key = segmentKey(Mnemonic.fromEntropy(new byte[32]), "obj-1", 0);
        Random random = new Random(5);
        int chunk = SegmentCipher.CHUNK_SIZE_BYTES;
        for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 17}) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);
            byte[] sealed = new SegmentCipher(key).encrypt(plain);
            assertThat(sealed.length).isEqualTo(SegmentCipher.ciphertextSize(size));
            assertThat(new SegmentCipher(key).decrypt(sealed)).as("size %d", size).isEqualTo(plain);
        }
    }

    @Test
    void keysComeFromTheMnemonicAloneAndDifferPerObjectAndSegment() {
        String phrase = Mnemonic.fromEntropy(new byte[32]);
        assertThat(segmentKey(phrase, "a", 0)).isEqualTo(segmentKey(phrase, "a", 0));
        assertThat(segmentKey(phrase, "a", 0)).isNotEqualTo(segmentKey(phrase, "a", 1));
        assertThat(segmentKey(phrase, "a", 0)).isNotEqualTo(segmentKey(phrase, "b", 0));
    }

    @Test
    void aWrongKeyOrAnAlteredByteIsRefusedAndNoPlaintextShows() {
        byte[] plain = "the quarterly numbers nobody may read".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] key = segmentKey(Mnemonic.fromEntropy(new byte[32]), "obj", 0);
        byte[] sealed = new SegmentCipher(key).encrypt(plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("quarterly");
        assertThatThrownBy(() -> new SegmentCipher(segmentKey(Mnemonic.fromEntropy(new byte[32]), "other", 0)).decrypt(sealed))
                .hasMessageContaining("does not authenticate");
        sealed[10] ^= 1;
        assertThatThrownBy(() -> new SegmentCipher(key).decrypt(sealed)).hasMessageContaining("chunk 0 does not authenticate");
    }
}
