package dcloud.storage.client;

import dcloud.core.merkle.MerkleTree;
import dcloud.storage.crypt.SegmentCipher;
import dcloud.storage.erasure.ReedSolomon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Segment plaintext ⇄ pieces: AES-256-GCM under the segment key, then Reed-Solomon K-of-N over the
 * ciphertext (zero-padded to K equal shards). Pure and deterministic for a given key.
 *
 * <p>Both directions stream through one 64 KiB cipher chunk at a time: a put reads the plaintext
 * chunk by chunk and encrypts it straight into the data shards, a get decrypts chunk by chunk from
 * the data shards into the sink. No segment-sized plaintext or ciphertext array exists.
 */
public final class SegmentCodec {
    private static final int CIPHER_CHUNK_BYTES = SegmentCipher.CHUNK_SIZE_BYTES + SegmentCipher.TAG_SIZE_BYTES;

    private SegmentCodec() {}

    /** The encoded pieces of a segment and their Merkle roots; a piece is the first {@code pieceSizeBytes} of its array. */
    public record Encoded(long cipherSizeBytes, int pieceSizeBytes, byte[][] pieces, byte[][] roots) {}

    public static int pieceSize(long cipher_size_bytes, int data_shards) {
        return (int) Math.max(1, (cipher_size_bytes + data_shards - 1) / data_shards);
    }

    /** The piece size of a segment of {@code plain_size_bytes}. */
    static int pieceSizeForPlaintext(long plain_size_bytes, int data_shards) {
        return pieceSize(SegmentCipher.ciphertextSize(plain_size_bytes), data_shards);
    }

    public static Encoded encode(byte[] plaintext, byte[] segment_key, int data_shards, int total_shards) {
        try {
            Stripe stripe = new Stripe(total_shards, pieceSizeForPlaintext(plaintext.length, data_shards));
            return encode(new ByteArrayInputStream(plaintext), plaintext.length, segment_key, data_shards, stripe, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads exactly {@code plain_size_bytes} from {@code plain} (also fed to {@code object_digest}
     * when given) and encodes them into {@code stripe}, whose arrays it overwrites.
     */
    static Encoded encode(InputStream plain, int plain_size_bytes, byte[] segment_key, int data_shards, Stripe stripe,
                          MessageDigest object_digest) throws IOException {
        long cipher_size = SegmentCipher.ciphertextSize(plain_size_bytes);
        int piece_size = pieceSize(cipher_size, data_shards);
        byte[][] shards = stripe.all();
        SegmentCipher cipher = new SegmentCipher(segment_key);
        byte[] plain_chunk = new byte[SegmentCipher.CHUNK_SIZE_BYTES];
        byte[] cipher_chunk = new byte[CIPHER_CHUNK_BYTES];
        long at = 0;
        for (int c = 0; c < SegmentCipher.chunkCount(plain_size_bytes); c++) {
            int length = Math.min(SegmentCipher.CHUNK_SIZE_BYTES, plain_size_bytes - c * SegmentCipher.CHUNK_SIZE_BYTES);
            if (plain.readNBytes(plain_chunk, 0, length) != length) {
                throw new EOFException("the input ended early (was the file changed while it was read?)");
            }
            if (object_digest != null) {
                object_digest.update(plain_chunk, 0, length);
            }
            int shard = (int) (at / piece_size);
            int offset = (int) (at % piece_size);
            if (offset + length + SegmentCipher.TAG_SIZE_BYTES <= piece_size) {
                at += cipher.encryptChunk(c, plain_chunk, 0, length, shards[shard], offset);
            } else {
                int written = cipher.encryptChunk(c, plain_chunk, 0, length, cipher_chunk, 0);
                copyAcross(shards, at, piece_size, cipher_chunk, written, true);
                at += written;
            }
        }
        assert at == cipher_size : at + " cipher bytes written, " + cipher_size + " expected";
        for (int i = 0; i < data_shards; i++) {
            // Reused arrays hold the last segment's bytes: the padding past the ciphertext must be zero.
            int filled = (int) Math.max(0, Math.min(piece_size, cipher_size - (long) i * piece_size));
            Arrays.fill(shards[i], filled, piece_size, (byte) 0);
        }
        ReedSolomon.withCoder(data_shards, shards.length, "default").encode(shards, piece_size);
        byte[][] roots = new byte[shards.length][];
        java.util.stream.IntStream.range(0, shards.length).parallel().forEach(i -> roots[i] = MerkleTree.root(shards[i], 0, piece_size));
        return new Encoded(cipher_size, piece_size, shards, roots);
    }

    /**
     * Copies {@code length} bytes between {@code flat} and ciphertext position {@code at} of the
     * shards, across shard boundaries: into the shards when {@code to_shards}, out of them otherwise.
     */
    private static void copyAcross(byte[][] shards, long at, int piece_size, byte[] flat, int length, boolean to_shards) {
        int done = 0;
        while (done < length) {
            int shard = (int) ((at + done) / piece_size);
            int offset = (int) ((at + done) % piece_size);
            int take = Math.min(length - done, piece_size - offset);
            if (to_shards) {
                System.arraycopy(flat, done, shards[shard], offset, take);
            } else {
                System.arraycopy(shards[shard], offset, flat, done, take);
            }
            done += take;
        }
    }

    /** Rebuilds every missing (null) piece in place from any K present ones. */
    public static void rebuild(byte[][] pieces, int data_shards, int piece_size) {
        boolean[] present = new boolean[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            present[i] = pieces[i] != null;
            if (pieces[i] == null) {
                pieces[i] = new byte[piece_size];
            }
        }
        ReedSolomon.withCoder(data_shards, pieces.length, "default").decode(pieces, present, piece_size);
    }

    /** Decodes and decrypts a segment from pieces (null where missing; at least K present). */
    public static byte[] decode(byte[][] pieces, int data_shards, int piece_size, long cipher_size_bytes, byte[] segment_key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int failed = decode(pieces, data_shards, piece_size, cipher_size_bytes, segment_key, 0, out, null);
            if (failed != DECODED) {
                throw new IllegalArgumentException("segment chunk " + failed + " does not authenticate: wrong key or altered data");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What {@link #decode(byte[][], int, int, long, byte[], int, PlainSink)} returns when every chunk authenticated. */
    static final int DECODED = -1;

    /** {@link #decode(byte[][], int, int, long, byte[], int, PlainSink)} into {@code sink}, feeding {@code object_digest} when given. */
    static int decode(byte[][] pieces, int data_shards, int piece_size, long cipher_size_bytes, byte[] segment_key,
                      int first_chunk, OutputStream sink, MessageDigest object_digest) throws IOException {
        return decode(pieces, data_shards, piece_size, cipher_size_bytes, segment_key, first_chunk, PlainSink.direct(sink, object_digest));
    }

    /**
     * Decodes and decrypts a segment from pieces (null where missing; at least K present) into
     * {@code sink}, chunk by chunk from chunk {@code first_chunk} on. Returns {@link #DECODED}, or
     * the number of the first chunk that does not authenticate: nothing of that chunk or after it
     * reached the sink, and every chunk before it did, authenticated, so a caller can fix the
     * pieces and go on from that chunk.
     */
    static int decode(byte[][] pieces, int data_shards, int piece_size, long cipher_size_bytes, byte[] segment_key,
                      int first_chunk, PlainSink sink) throws IOException {
        boolean data_complete = true;
        for (int i = 0; i < data_shards; i++) {
            data_complete &= pieces[i] != null;
        }
        if (!data_complete) {
            rebuild(pieces, data_shards, piece_size);
        }
        SegmentCipher cipher = new SegmentCipher(segment_key);
        byte[] cipher_chunk = new byte[CIPHER_CHUNK_BYTES];
        int chunks = (int) Math.max(1, (cipher_size_bytes + CIPHER_CHUNK_BYTES - 1) / CIPHER_CHUNK_BYTES);
        assert first_chunk >= 0 && first_chunk < chunks : "chunk " + first_chunk + " of " + chunks;
        for (int c = first_chunk; c < chunks; c++) {
            long at = (long) c * CIPHER_CHUNK_BYTES;
            int length = (int) Math.min(CIPHER_CHUNK_BYTES, cipher_size_bytes - at);
            int shard = (int) (at / piece_size);
            int offset = (int) (at % piece_size);
            PlainSink.Room room = sink.room();
            int plain_length;
            try {
                if (offset + length <= piece_size) {
                    plain_length = cipher.decryptChunk(c, pieces[shard], offset, length, room.bytes(), room.offset());
                } else {
                    copyAcross(pieces, at, piece_size, cipher_chunk, length, false);
                    plain_length = cipher.decryptChunk(c, cipher_chunk, 0, length, room.bytes(), room.offset());
                }
            } catch (IllegalArgumentException e) {
                return c;
            }
            sink.filled(plain_length);
        }
        return DECODED;
    }
}
