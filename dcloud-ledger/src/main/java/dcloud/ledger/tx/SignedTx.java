package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A signed transaction, kept as the exact bytes that were signed. Layout:
 * {@code u8 version | string chain_id | [32] signer | u64 created_at_time_ns | u8 kind | body | [64] signature}.
 * The signature covers {@link #DOMAIN} followed by every byte before it; the tx hash is SHA-256 of
 * those unsigned bytes. Nothing is ever re-serialized: what was signed is what is stored and hashed.
 * {@code created_at_time} is mandatory (unlike ICRC-1) because a signed tx must not be replayable forever.
 */
public final class SignedTx {
    public static final int VERSION = 1;
    /** The limit for every kind but {@link TxKind#PROVE_STORAGE} (see {@link TxKind#sizeBytesMax()}). */
    public static final int SIZE_BYTES_MAX = 4096;
    /** The limit for any kind: what a block or the mempool may have to hold for one tx. */
    public static final int ANY_KIND_SIZE_BYTES_MAX = ProveStorage.SIZE_BYTES_MAX;
    public static final int CHAIN_ID_SIZE_BYTES_MAX = 64;
    public static final byte[] DOMAIN = "dcloud/tx/v1\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final int unsigned_size_bytes;
    private final String chain_id;
    private final byte[] signer;
    private final long created_at_time_ns;
    private final TxBody body;
    private final byte[] hash;

    private SignedTx(byte[] bytes, int unsigned_size_bytes, String chain_id, byte[] signer, long created_at_time_ns, TxBody body) {
        this.bytes = bytes;
        this.unsigned_size_bytes = unsigned_size_bytes;
        this.chain_id = chain_id;
        this.signer = signer;
        this.created_at_time_ns = created_at_time_ns;
        this.body = body;
        this.hash = Sha256.hash(Arrays.copyOf(bytes, unsigned_size_bytes));
    }

    public static SignedTx sign(KeyPair key, String chain_id, long created_at_time_ns, TxBody body) {
        Writer writer = new Writer(256);
        writer.u8(VERSION).string(chain_id).fixed(key.publicKey()).u64(created_at_time_ns).u8(body.kind().tag);
        body.encode(writer);
        byte[] unsigned = writer.toBytes();
        byte[] signature = dcloud.core.crypto.DomainSignature.sign(key, DOMAIN, unsigned);
        writer.fixed(signature);
        try {
            return decode(writer.toBytes());
        } catch (DecodeException e) {
            throw new IllegalArgumentException("transaction does not encode canonically: " + e.getMessage(), e);
        }
    }

    /** Strict decoding: bounded sizes, known version and kind, no trailing bytes. Does not check the signature. */
    public static SignedTx decode(byte[] bytes) throws DecodeException {
        if (bytes.length > ANY_KIND_SIZE_BYTES_MAX) {
            throw new DecodeException("tx: " + bytes.length + " bytes exceeds the limit of " + ANY_KIND_SIZE_BYTES_MAX);
        }
        Reader reader = new Reader(bytes);
        int version = reader.u8("version");
        if (version != VERSION) {
            throw new DecodeException("version: unsupported transaction version " + version);
        }
        String chain_id = reader.string(CHAIN_ID_SIZE_BYTES_MAX, "chain_id");
        byte[] signer = reader.fixed(KeyPair.PUBLIC_KEY_SIZE_BYTES, "signer");
        long created_at = reader.u64("created_at_time");
        if (created_at < 0) {
            throw new DecodeException("created_at_time: must be below 2^63 ns");
        }
        int tag = reader.u8("kind");
        TxKind kind = TxKind.ofTag(tag);
        if (kind == null) {
            throw new DecodeException("kind: unknown transaction kind " + tag);
        }
        if (bytes.length > kind.sizeBytesMax()) {
            throw new DecodeException("tx: " + bytes.length + " bytes exceeds the limit of " + kind.sizeBytesMax() + " for " + kind.wireName());
        }
        TxBody body = switch (kind) {
            case TRANSFER -> Transfer.decode(reader);
            case APPROVE -> Approve.decode(reader);
            case TRANSFER_FROM -> TransferFrom.decode(reader);
            case REGISTER_PROVIDER -> RegisterProvider.decode(reader, false);
            case UPDATE_PROVIDER -> RegisterProvider.decode(reader, true);
            case REGISTER_USER -> RegisterUser.decode(reader);
            case PAY -> Pay.decode(reader);
            case PUNISH -> Punish.decode(reader);
            case CHECK_IN -> CheckIn.decode(reader);
            case PROPOSE -> Propose.decode(reader);
            case VOTE -> Vote.decode(reader);
            case DELEGATE -> Delegate.decode(reader);
            case PUBLISH_OFFERING -> PublishOffering.decode(reader);
            case RENT -> Rent.decode(reader);
            case CONTRACT_ACTION -> ContractAction.decode(reader);
            case AUTO_ACCEPT -> AutoAccept.decode(reader);
            case REGISTER_STORAGE_NODE -> StorageNodeRegistration.decode(reader);
            case STORE_PIECES -> StorePieces.decode(reader);
            case PROVE_STORAGE -> ProveStorage.decode(reader);
            case SETTLE_EGRESS -> SettleEgress.decode(reader);
            case CANCEL_STORAGE -> CancelStorage.decode(reader);
            case SET_INDEX_POINTER -> SetIndexPointer.decode(reader);
            case REGISTER_COMPUTE_NODE -> ComputeNodeRegistration.decode(reader);
            case REPORT_MISMATCH -> ReportMismatch.decode(reader);
        };
        int unsigned_size = reader.position();
        reader.fixed(KeyPair.SIGNATURE_SIZE_BYTES, "signature");
        reader.end("tx");
        return new SignedTx(bytes.clone(), unsigned_size, chain_id, signer, created_at, body);
    }


    /** Pure and thread-safe: any replica can call it any number of times. */
    public boolean verifySignature() {
        return dcloud.core.crypto.DomainSignature.verify(signer, DOMAIN, bytes, unsigned_size_bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int sizeBytes() {
        return bytes.length;
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

    public byte[] signer() {
        return signer.clone();
    }

    public Account signerAccount() {
        return Account.of(signer);
    }

    public long createdAtTimeNs() {
        return created_at_time_ns;
    }

    public TxBody body() {
        return body;
    }

    @Override
    public String toString() {
        return "SignedTx{" + body.kind().wireName() + " " + hashHex() + "}";
    }
}
