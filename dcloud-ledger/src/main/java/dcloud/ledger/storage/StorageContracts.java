package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.DueQueue;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.Payments;
import dcloud.ledger.tx.CancelStorage;
import dcloud.ledger.tx.StorePieces;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Storage contracts, one per stored piece, grouped by segment. Keys: {@code 0x71 ‖ id → contract},
 * {@code 0x72 ‖ node ‖ id} and {@code 0x73 ‖ owner ‖ id} (active ones), {@code 0x74 ‖ segment → shape},
 * {@code 0x75 ‖ segment ‖ index → current contract id}, {@code 0x76 → next id}, {@code 0x78 ‖ end epoch ‖ id}
 * (active contracts by the epoch they end with), {@code 0x79 ‖ owner → index pointer},
 * {@code 0x7D → number of active contracts}. A contract is paid when proven ({@link StorageProofs}), and
 * what escrow is left when it closes goes back to the owner; ended contracts close a bounded number per block.
 */
public final class StorageContracts {
    public static final long PIECE_SIZE_BYTES_MAX = 64L * 1024 * 1024;
    public static final int LIST_MAX = 100_000;
    /** Ended contracts closed per block at most; more wait for the next block (they are no longer due for proofs). */
    public static final int ENDED_CLOSED_PER_BLOCK_MAX = 1_000;
    static final long GIB = 1L << 30;
    private static final byte[] NEXT = {0x76};
    private static final byte[] ACTIVE_COUNT = {0x7D};

    private StorageContracts() {}

    static byte[] key(long id) {
        return Values.concat(new byte[] {0x71}, Values.u64(id));
    }

    public static StorageContract get(StateReader state, long id) {
        byte[] bytes = state.get(key(id));
        return bytes == null ? null : StorageContract.decode(bytes);
    }

    static void put(Overlay state, StorageContract c) {
        state.put(key(c.id()), c.encode());
    }

    public static byte[] byNodePrefix(byte[] node) {
        return Values.concat(new byte[] {0x72}, node);
    }

    public static byte[] byOwnerPrefix(byte[] owner) {
        return Values.concat(new byte[] {0x73}, owner);
    }

    static byte[] endingKey(StorageContract c) {
        return Values.concat(new byte[] {0x78}, Values.u64(c.endEpoch()), Values.u64(c.id()));
    }

    static byte[] segmentKey(byte[] segment) {
        return Values.concat(new byte[] {0x74}, segment);
    }

    static byte[] pieceKey(byte[] segment, int index) {
        return Values.concat(new byte[] {0x75}, segment, Values.u64(index));
    }

    public static Segment segment(StateReader state, byte[] id) {
        byte[] bytes = state.get(segmentKey(id));
        return bytes == null ? null : Segment.decode(bytes);
    }

    /** The current contract of each piece index of a segment, in index order. */
    public static List<StorageContract> pieces(StateReader state, byte[] segment) {
        List<StorageContract> out = new ArrayList<>();
        state.scan(Values.concat(new byte[] {0x75}, segment), StorePieces.SHARDS_MAX, (key, value) -> out.add(get(state, Values.u64(value, 0))));
        return out;
    }

    /** Active contracts listed under a node or owner prefix, in id order. */
    public static List<StorageContract> list(StateReader state, byte[] prefix, int limit) {
        return list(state, prefix, -1, limit);
    }

    /**
     * The contracts under an index {@code prefix} (by node or by owner) with ids above
     * {@code after_id} (-1 for all), in id order, at most {@code limit}: pages of a long list.
     */
    public static List<StorageContract> list(StateReader state, byte[] prefix, long after_id, int limit) {
        List<StorageContract> out = new ArrayList<>();
        if (after_id == Long.MAX_VALUE) {
            return out;
        }
        byte[] from = after_id < 0 ? prefix : Values.concat(prefix, Values.u64(after_id + 1));
        state.scan(prefix, from, Math.min(limit, LIST_MAX), (key, value) -> out.add(get(state, Values.u64(key, key.length - 8))));
        return out;
    }

    public static byte[] indexPointer(StateReader state, byte[] owner) {
        return state.get(Values.concat(new byte[] {0x79}, owner));
    }

    public static TxResult setIndexPointer(Overlay state, byte[] owner, byte[] pointer) {
        state.put(Values.concat(new byte[] {0x79}, owner), pointer);
        return TxResult.OK;
    }

    /** What a piece of {@code size_bytes} costs per epoch on a node: ceil(size × price / GiB), at least 1 e9s when priced. */
    public static long pricePerEpoch(long size_bytes, long price_per_gib_epoch_e9s) {
        BigInteger product = BigInteger.valueOf(size_bytes).multiply(BigInteger.valueOf(price_per_gib_epoch_e9s));
        return product.add(BigInteger.valueOf(GIB - 1)).divide(BigInteger.valueOf(GIB)).longValueExact();
    }

    public static TxResult store(Overlay state, TxContext context, byte[] signer, StorePieces tx) {
        if (!Registry.isUser(state, signer) && !Registry.isProvider(state, signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "the owner must be registered (dcloud user register)");
        }
        long epoch_now = Rewards.epochState(state).epoch();
        Segment existing = segment(state, tx.segmentId());
        String invalid = existing == null ? StoreRules.checkNewSegment(state, tx) : StoreRules.checkRepair(state, existing, tx, epoch_now);
        if (invalid == null) {
            invalid = StoreRules.checkPieces(state, tx, existing);
        }
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        long start = epoch_now + 1;
        long end = existing == null ? start + tx.epochs() - 1 : existing.endEpoch();
        List<StorageContract> created = new ArrayList<>();
        long next = Values.u64OrZero(state.get(NEXT));
        long total_escrow = 0;
        for (StorePieces.Piece piece : tx.pieces()) {
            StorageNode node = StorageNodes.get(state, piece.node());
            long price = pricePerEpoch(tx.pieceSizeBytes(), node.pricePerGibEpochE9s());
            long escrow = Math.multiplyExact(price, end - start + 1);
            total_escrow = Math.addExact(total_escrow, escrow);
            created.add(new StorageContract(++next, signer, piece.node(), tx.segmentId(), piece.index(), tx.pieceSizeBytes(), piece.merkleRoot(),
                    start, end, price, escrow, 0, 0, StorageContract.State.ACTIVE, StorageContract.CloseReason.NONE, 0));
        }
        TxResult escrowed = Payments.move(state, Account.of(signer), StorageEscrow.ACCOUNT, total_escrow);
        if (!escrowed.ok()) {
            return escrowed;
        }
        state.put(NEXT, Values.u64(next));
        if (existing == null) {
            state.put(segmentKey(tx.segmentId()), new Segment(tx.segmentId(), signer, tx.dataShards(), tx.totalShards(), tx.targetPieces(),
                    tx.repairThreshold(), tx.pieceSizeBytes(), end).encode());
        }
        for (StorageContract c : created) {
            StorageContract replaced = current(state, c.segment(), c.index());
            if (replaced != null) {
                close(state, replaced, StorageContract.CloseReason.REPLACED);
            }
            open(state, c, epoch_now);
        }
        return new TxResult(TxStatus.OK, "storage contracts " + created.get(0).id() + ".." + next + ", escrow "
                + Amount.display(total_escrow), created.get(0).id());
    }

    static StorageContract current(StateReader state, byte[] segment, int index) {
        byte[] id = state.get(pieceKey(segment, index));
        return id == null ? null : get(state, Values.u64(id, 0));
    }

    /** Active contracts in the whole network, ended ones not yet closed included. */
    public static long activeCount(StateReader state) {
        return Values.u64OrZero(state.get(ACTIVE_COUNT));
    }

    private static void open(Overlay state, StorageContract c, long epoch_now) {
        put(state, c);
        state.put(endingKey(c), new byte[0]);
        DueCounts.open(state, c, epoch_now);
        state.put(ACTIVE_COUNT, Values.u64(activeCount(state) + 1));
        state.put(Values.concat(byNodePrefix(c.node()), Values.u64(c.id())), new byte[0]);
        state.put(Values.concat(byOwnerPrefix(c.owner()), Values.u64(c.id())), new byte[0]);
        state.put(pieceKey(c.segment(), c.index()), Values.u64(c.id()));
        StorageNode node = StorageNodes.get(state, c.node());
        StorageNodes.put(state, node.withUsed(Math.addExact(node.usedBytes(), c.pieceSizeBytes())));
    }

    /** Ends an active contract: refunds its escrow to the owner, frees the node's space and the piece slot. */
    static StorageContract close(Overlay state, StorageContract c, StorageContract.CloseReason reason) {
        long refund = c.escrowE9s();
        if (refund > 0) {
            TxResult moved = Payments.move(state, StorageEscrow.ACCOUNT, Account.of(c.owner()), refund);
            if (!moved.ok()) {
                throw new IllegalStateException("storage escrow cannot refund contract " + c.id() + ": " + moved.message());
            }
        }
        StorageContract closed = c.closed(reason, refund);
        put(state, closed);
        state.delete(endingKey(c));
        long active = activeCount(state);
        assert active > 0 : "closing contract " + c.id() + " with no active contract counted";
        state.put(ACTIVE_COUNT, Values.u64(active - 1));
        state.delete(Values.concat(byNodePrefix(c.node()), Values.u64(c.id())));
        state.delete(Values.concat(byOwnerPrefix(c.owner()), Values.u64(c.id())));
        byte[] slot = state.get(pieceKey(c.segment(), c.index()));
        if (slot != null && Values.u64(slot, 0) == c.id()) {
            state.delete(pieceKey(c.segment(), c.index()));
        }
        long due_change = DueCounts.close(state, c, Rewards.epochState(state).epoch());
        StorageNode node = StorageNodes.get(state, c.node());
        node = node.withEpochCounts(node.contractsDue() + due_change, node.contractsProven());
        StorageNodes.put(state, node.withUsed(Math.max(0, node.usedBytes() - c.pieceSizeBytes())));
        return closed;
    }

    /**
     * Before a block's txs: close contracts whose last epoch is over, oldest first, at most
     * {@link #ENDED_CLOSED_PER_BLOCK_MAX}. They are due for no more proofs, so a backlog only
     * delays their refunds and the space they free.
     */
    public static void closeEnded(Overlay state, long epoch_now) {
        for (byte[] key : DueQueue.keysThrough(state, (byte) 0x78, epoch_now - 1, ENDED_CLOSED_PER_BLOCK_MAX)) {
            close(state, get(state, Values.u64(key, 9)), StorageContract.CloseReason.ENDED);
        }
    }

    public static TxResult cancel(Overlay state, byte[] signer, CancelStorage tx) {
        if (tx.contracts().isEmpty()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "contracts: name at least one contract");
        }
        TreeSet<Long> seen = new TreeSet<>();
        for (long id : tx.contracts()) {
            StorageContract c = get(state, id);
            if (c == null) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, id, "no storage contract " + id);
            }
            if (!Arrays.equals(c.owner(), signer)) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, id, "only the owner may cancel storage contract " + id);
            }
            if (c.state() != StorageContract.State.ACTIVE || !seen.add(id)) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, id, "storage contract " + id + " is already closed or listed twice");
            }
            close(state, c, StorageContract.CloseReason.CANCELLED);
        }
        return TxResult.OK;
    }
}
