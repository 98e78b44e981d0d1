package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dcloud.core.crypto.Sha256;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A get's decoding of one real 4-of-8 segment served by loopback piece servers, intact, damaged, or under the wrong key. */
class SegmentReaderTest {
    private static final int K = 4;
    private static final int N = 8;
    private final byte[] plaintext = new byte[1_000_003];
    private final byte[] key = new byte[32];
    private SegmentCodec.Encoded encoded;
    private ObjectManifest.SegmentRef ref;
    private PieceServers servers;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final MessageDigest digest = Sha256.newDigest();

    @AfterEach
    void stop() {
        servers.close();
    }

    private void serve() throws Exception {
        new Random(7).nextBytes(plaintext);
        Arrays.fill(key, (byte) 3);
        encoded = SegmentCodec.encode(plaintext, key, K, N);
        ref = new ObjectManifest.SegmentRef("s", plaintext.length, encoded.cipherSizeBytes(), K, N, N);
        servers = new PieceServers(encoded.pieces(), encoded.pieceSizeBytes());
    }

    private Downloader.Fetched fetch(Downloader.Check check) throws StorageException {
        return new Downloader(null, new PieceTransport()).fetch(servers.segment, K, Progress.NONE, new Stripe(N, encoded.pieceSizeBytes()), check);
    }

    /** Reads through the get's own last stage, an ObjectWriter; returns what each node served and keeps the SHA-256 in {@link #object_sha256}. */
    private Map<String, Long> read(byte[] segment_key) throws Exception {
        try (ObjectWriter writer = new ObjectWriter(sink, Sha256.newDigest())) {
            Map<String, Long> served = SegmentReader.read(ref, segment_key, fetch(Downloader.Check.SIZE),
                    () -> fetch(Downloader.Check.MERKLE_ROOT), writer);
            object_sha256 = writer.finish();
            return served;
        }
    }

    private byte[] object_sha256;

    @Test
    void decodesIntactPiecesWithoutFetchingAgain() throws Exception {
        serve();
        Map<String, Long> served = SegmentReader.read(ref, key, fetch(Downloader.Check.SIZE),
                () -> fail("an intact segment was fetched again"), PlainSink.direct(sink, digest));
        assertThat(sink.toByteArray()).isEqualTo(plaintext);
        assertThat(digest.digest()).isEqualTo(Sha256.hash(plaintext));
        assertThat(served).containsOnlyKeys("node0", "node1", "node2", "node3");
    }

    @Test
    void aDamagedPieceIsFoundByItsRootReplacedAndDecodingGoesOnFromTheFailedChunk() throws Exception {
        serve();
        servers.damage(2, encoded.pieceSizeBytes() / 2);
        Map<String, Long> served = read(key);
        assertThat(sink.toByteArray()).isEqualTo(plaintext);
        assertThat(object_sha256).as("every chunk was hashed once, in order").isEqualTo(Sha256.hash(plaintext));
        assertThat(servers.requests(2)).as("the damaged piece was read, then checked and refused").isEqualTo(2);
        assertThat(servers.requested).contains(4);
        assertThat(served).containsEntry("node0", 2L * encoded.pieceSizeBytes()).containsEntry("node4", (long) encoded.pieceSizeBytes());
    }

    @Test
    void piecesThatMatchTheirRootsButNotTheKeyNameTheMnemonic() throws Exception {
        serve();
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> read(wrong)).isInstanceOf(StorageException.class)
                .hasMessageContaining("chunk 0 does not decrypt although every piece used matches its Merkle root")
                .hasMessageContaining("mnemonic");
        assertThat(sink.size()).isZero();
    }
}
