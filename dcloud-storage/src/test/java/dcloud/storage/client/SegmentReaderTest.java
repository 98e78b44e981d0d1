package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dcloud.core.crypto.Sha256;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
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
        return new Downloader(null, new PieceTransport(), (node, contract, bytes) -> null).fetch(servers.segment, K, Progress.NONE, new Stripe(N, encoded.pieceSizeBytes()), check);
    }

    /** Reads through the get's own last stage, an ObjectWriter, and keeps the SHA-256 in {@link #object_sha256}. */
    private void read(byte[] segment_key) throws Exception {
        try (ObjectWriter writer = new ObjectWriter(sink, Sha256.newDigest())) {
            SegmentReader.read(ref, segment_key, fetch(Downloader.Check.SIZE), () -> fetch(Downloader.Check.MERKLE_ROOT), writer);
            object_sha256 = writer.finish();
        }
    }

    private byte[] object_sha256;

    @Test
    void decodesIntactPiecesWithoutFetchingAgain() throws Exception {
        serve();
        SegmentReader.read(ref, key, fetch(Downloader.Check.SIZE),
                () -> fail("an intact segment was fetched again"), PlainSink.direct(sink, digest));
        assertThat(sink.toByteArray()).isEqualTo(plaintext);
        assertThat(digest.digest()).isEqualTo(Sha256.hash(plaintext));
        assertThat(servers.requested).as("the four data pieces, once each").containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aDamagedPieceIsFoundByItsRootReplacedAndDecodingGoesOnFromTheFailedChunk() throws Exception {
        serve();
        servers.damage(2, encoded.pieceSizeBytes() / 2);
        read(key);
        assertThat(sink.toByteArray()).isEqualTo(plaintext);
        assertThat(object_sha256).as("every chunk was hashed once, in order").isEqualTo(Sha256.hash(plaintext));
        assertThat(servers.requests(2)).as("the damaged piece was read, then checked and refused").isEqualTo(2);
        assertThat(servers.requested).contains(4);
        assertThat(servers.requests(0)).as("a good piece is read again for the checked fetch").isEqualTo(2);
        assertThat(servers.requests(4)).isEqualTo(1);
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
