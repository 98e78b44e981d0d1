package dcloud.storage.client;

import dcloud.core.merkle.MerkleTree;
import dcloud.storage.crypt.SegmentCipher;
import dcloud.storage.erasure.ReedSolomon;
import java.util.Arrays;

/**
 * Segment plaintext ⇄ pieces: AES-256-GCM under the segment key, then Reed-Solomon K-of-N over the
 * ciphertext (zero-padded to K equal shards). Pure and deterministic for a given key.
 */
public final class SegmentCodec {
    private SegmentCodec() {}

    /** The encoded pieces of a segment and their Merkle roots. */
    public record Encoded(long cipherSizeBytes, int pieceSizeBytes, byte[][] pieces, byte[][] roots) {}

    public static int pieceSize(long cipher_size_bytes, int data_shards) {
        return (int) Math.max(1, (cipher_size_bytes + data_shards - 1) / data_shards);
    }

    public static Encoded encode(byte[] plaintext, byte[] segment_key, int data_shards, int total_shards) {
        byte[] cipher = new SegmentCipher(segment_key).encrypt(plaintext);
        int piece_size = pieceSize(cipher.length, data_shards);
        byte[][] shards = new byte[total_shards][];
        for (int i = 0; i < data_shards; i++) {
            int from = Math.min(cipher.length, i * piece_size);
            shards[i] = Arrays.copyOfRange(cipher, from, from + piece_size);
        }
        for (int i = data_shards; i < total_shards; i++) {
            shards[i] = new byte[piece_size];
        }
        ReedSolomon.withCoder(data_shards, total_shards, "default").encode(shards, piece_size);
        byte[][] roots = new byte[total_shards][];
        java.util.stream.IntStream.range(0, total_shards).parallel().forEach(i -> roots[i] = MerkleTree.root(shards[i]));
        return new Encoded(cipher.length, piece_size, shards, roots);
    }

    /** Rebuilds every missing piece in place from any K present ones. */
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
        boolean data_complete = true;
        for (int i = 0; i < data_shards; i++) {
            data_complete &= pieces[i] != null;
        }
        if (!data_complete) {
            rebuild(pieces, data_shards, piece_size);
        }
        byte[] cipher = new byte[(int) cipher_size_bytes];
        for (int i = 0; i < data_shards; i++) {
            int from = i * piece_size;
            int length = (int) Math.max(0, Math.min(piece_size, cipher_size_bytes - from));
            System.arraycopy(pieces[i], 0, cipher, from, length);
        }
        return new SegmentCipher(segment_key).decrypt(cipher);
    }
}
