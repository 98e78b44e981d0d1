package dcloud.storage.client;

import java.io.IOException;

/**
 * Decodes one segment of a get into the sink from pieces that were checked for size only.
 *
 * <p>AES-GCM authenticates every 64 KiB chunk under a key no node has, so a damaged or forged piece
 * cannot produce a chunk that decrypts: checking each piece's Merkle root before decoding as well
 * would find nothing GCM misses, and it cost a get about a sixth of its time. What GCM cannot say
 * is which piece is damaged. So when a chunk fails, the segment is fetched again with every piece
 * checked against its Merkle root on the ledger; the downloader skips the damaged ones, takes other
 * pieces instead, and decoding goes on from the chunk that failed. The chunks before it were
 * authenticated and written, and stay written.
 */
final class SegmentReader {
    /** Fetches the segment's pieces again, each checked against its Merkle root on the ledger. */
    interface CheckedFetch {
        Downloader.Fetched fetch() throws StorageException;
    }

    private SegmentReader() {}

    /**
     * Writes segment {@code ref} to {@code sink} from
     * {@code fetched}, fetching again through {@code again} when a chunk does not authenticate.
     */
    static void read(ObjectManifest.SegmentRef ref, byte[] segment_key, Downloader.Fetched fetched, CheckedFetch again,
                                  PlainSink sink) throws StorageException, IOException {
        int piece_size = SegmentCodec.pieceSize(ref.cipherSizeBytes(), ref.dataShards());
        int failed = SegmentCodec.decode(fetched.pieces(), ref.dataShards(), piece_size, ref.cipherSizeBytes(), segment_key, 0, sink);
        if (failed == SegmentCodec.DECODED) {
            return;
        }
        Downloader.Fetched checked = again.fetch();
        int still_failed = SegmentCodec.decode(checked.pieces(), ref.dataShards(), piece_size, ref.cipherSizeBytes(), segment_key,
                failed, sink);
        if (still_failed != SegmentCodec.DECODED) {
            throw new StorageException("chunk " + still_failed + " does not decrypt although every piece used matches its Merkle root"
                    + " on the ledger: these pieces were encrypted under another key (is this the mnemonic that stored the object?)");
        }
    }
}
