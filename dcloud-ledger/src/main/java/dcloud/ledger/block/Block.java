package dcloud.ledger.block;

import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.tx.SignedTx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block, kept as its exact signed bytes. Layout:
 * {@code u8 version | string chain_id | u64 height | [32] parent_hash | [32] parent_state_hash |
 * u64 timestamp_ns | [32] proposer | u32 tx_count | (bytes tx)* | [64] signature}.
 * The block hash is SHA-256 of the bytes before the signature; the proposer signs {@link #DOMAIN} + those bytes.
 * {@code parent_state_hash} is the proposer's state hash after the parent block, so every replica
 * detects a diverged state at the next block instead of drifting silently.
 */
public final class Block {
    public static final int VERSION = 1;
    public static final int TX_COUNT_MAX = 20_000;
    /** Below the replication entry limit (24 MiB); the producer fills blocks up to this many bytes. */
    public static final int SIZE_BYTES_MAX = 16 * 1024 * 1024;
    public static final byte[] DOMAIN = "dcloud/block/v1\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final int unsigned_size_bytes;
    private final String chain_id;
    private final long height;
    private final byte[] parent_hash;
    private final byte[] parent_state_hash;
    private final long timestamp_ns;
    private final byte[] proposer;
    private final List<SignedTx> txs;
    private final byte[] hash;

    private Block(byte[] bytes, int unsigned_size_bytes, String chain_id, long height, byte[] parent_hash,
                  byte[] parent_state_hash, long timestamp_ns, byte[] proposer, List<SignedTx> txs) {
        this.bytes = bytes;
        this.unsigned_size_bytes = unsigned_size_bytes;
        this.chain_id = chain_id;
        this.height = height;
        this.parent_hash = parent_hash;
        this.parent_state_hash = parent_state_hash;
        this.timestamp_ns = timestamp_ns;
        this.proposer = proposer;
        this.txs = List.copyOf(txs);
        this.hash = Sha256.hash(Arrays.copyOf(bytes, unsigned_size_bytes));
    }

    public static Block sign(KeyPair proposer, String chain_id, long height, byte[] parent_hash,
                             byte[] parent_state_hash, long timestamp_ns, List<SignedTx> txs) {
        Writer writer = new Writer(256 + txs.size() * 200);
        writer.u8(VERSION).string(chain_id).u64(height).fixed(parent_hash).fixed(parent_state_hash)
                .u64(timestamp_ns).fixed(proposer.publicKey()).u32(txs.size());
        for (SignedTx tx : txs) {
            writer.bytes(tx.bytes());
        }
        writer.fixed(dcloud.core.crypto.DomainSignature.sign(proposer, DOMAIN, writer.toBytes()));
        try {
            return decode(writer.toBytes());
        } catch (DecodeException e) {
            throw new IllegalArgumentException("block does not encode canonically: " + e.getMessage(), e);
        }
    }

    public static Block decode(byte[] bytes) throws DecodeException {
        if (bytes.length > SIZE_BYTES_MAX) {
            throw new DecodeException("block: " + bytes.length + " bytes exceeds the limit of " + SIZE_BYTES_MAX);
        }
        Reader reader = new Reader(bytes);
        int version = reader.u8("block.version");
        if (version != VERSION) {
            throw new DecodeException("block.version: unsupported block version " + version);
        }
        String chain_id = reader.string(SignedTx.CHAIN_ID_SIZE_BYTES_MAX, "block.chain_id");
        long height = reader.u64("block.height");
        byte[] parent = reader.fixed(Sha256.SIZE_BYTES, "block.parent_hash");
        byte[] parent_state = reader.fixed(Sha256.SIZE_BYTES, "block.parent_state_hash");
        long timestamp = reader.u64("block.timestamp");
        byte[] proposer = reader.fixed(KeyPair.PUBLIC_KEY_SIZE_BYTES, "block.proposer");
        long count = reader.u32("block.tx_count");
        if (count > TX_COUNT_MAX) {
            throw new DecodeException("block.tx_count: " + count + " exceeds the limit of " + TX_COUNT_MAX);
        }
        List<SignedTx> txs = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            txs.add(SignedTx.decode(reader.bytes(SignedTx.ANY_KIND_SIZE_BYTES_MAX, "block.tx[" + i + "]")));
        }
        int unsigned_size = reader.position();
        reader.fixed(KeyPair.SIGNATURE_SIZE_BYTES, "block.signature");
        reader.end("block");
        return new Block(bytes.clone(), unsigned_size, chain_id, height, parent, parent_state, timestamp, proposer, txs);
    }


    public boolean verifyProposerSignature() {
        return dcloud.core.crypto.DomainSignature.verify(proposer, DOMAIN, bytes, unsigned_size_bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public byte[] hash() {
        return hash.clone();
    }

    public String hashHex() {
        return Hex.encode(hash);
    }

    public String chainId() {
        return chain_id;
    }

    public long height() {
        return height;
    }

    public byte[] parentHash() {
        return parent_hash.clone();
    }

    public byte[] parentStateHash() {
        return parent_state_hash.clone();
    }

    public long timestampNs() {
        return timestamp_ns;
    }

    public byte[] proposer() {
        return proposer.clone();
    }

    public List<SignedTx> txs() {
        return txs;
    }
}
