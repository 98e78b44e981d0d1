package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.TxContext;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.reputation.ReputationLedger;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Proof of storage. Each epoch has a seed ({@code 0x77 → epoch ‖ judged epoch ‖ seed}); a node proves each of its
 * contracts once per epoch with the challenged leaves. A valid proof pays that epoch's price at once
 * (fee and reputation as any payment). An epoch never proven pays nothing: its price stays in escrow
 * and goes back to the owner when the contract closes. When an epoch closes, each node is judged on
 * its counts ({@link StorageNode#contractsDue()}, {@link StorageNode#contractsProven()}): every
 * unproven contract costs it reputation, and a node failing {@code storage_disqualify_failures}
 * epochs in a row is disqualified from new contracts. Nothing at the epoch change visits contracts,
 * so its cost follows the number of nodes, not of contracts.
 */
public final class StorageProofs {
    private static final byte[] SEED = {0x77};

    /** The current epoch's challenge seed, and the epoch nodes were last judged on when it began. */
    public record EpochSeed(long epoch, long judgedEpoch, byte[] seed) {}

    private StorageProofs() {}

    public static EpochSeed seed(StateReader state) {
        byte[] bytes = state.get(SEED);
        return bytes == null ? null : new EpochSeed(Values.u64(bytes, 0), Values.u64(bytes, 8), Arrays.copyOfRange(bytes, 16, bytes.length));
    }

    /**
     * The last epoch whose proofs were judged (0 before any): usually the one before the current
     * epoch, older after epochs without any block. A contract's health counts up to it.
     */
    public static long judgedEpoch(StateReader state) {
        EpochSeed seed = seed(state);
        return seed == null ? 0 : seed.judgedEpoch();
    }

    /**
     * Applies a node's batch of proofs for the current epoch. A proof that does not verify, or names a
     * contract that is not the signer's or does not exist, rejects the whole tx: that is a forgery or
     * a bug, and the tx then has no effect. A contract that closed or was already proven since the
     * node listed it is skipped: that is a race an honest node cannot avoid, and it must not cost the
     * batch's other proofs. A tx in which every proof was skipped fails, because it changed nothing.
     * The result's detail is the number of contracts proven.
     */
    public static TxResult prove(Overlay state, TxContext context, byte[] signer, ProveStorage tx) {
        EpochSeed seed = seed(state);
        long epoch = Rewards.epochState(state).epoch();
        if (tx.epoch() != epoch || seed == null || seed.epoch() != epoch) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, epoch, "proof is for epoch " + tx.epoch() + " but the current epoch is " + epoch);
        }
        int proven = 0;
        String first_skip = null;
        for (int i = 0; i < tx.proofs().size(); i++) {
            ProveStorage.ContractProof proof = tx.proofs().get(i);
            StorageContract c = StorageContracts.get(state, proof.contract());
            String field = "proofs[" + i + "]: ";
            String wrong = wrongProof(state, c, signer, seed, proof);
            if (wrong != null) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, i, field + wrong);
            }
            String skip = c.state() != StorageContract.State.ACTIVE ? "contract " + c.id() + " is closed"
                    : c.lastProvenEpoch() == epoch ? "contract " + c.id() + " is already proven for epoch " + epoch : null;
            if (skip != null) {
                first_skip = first_skip == null ? field + skip : first_skip;
                continue;
            }
            pay(state, context.height(), c, epoch);
            proven++;
        }
        if (proven == 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "nothing to prove: " + first_skip);
        }
        StorageNode node = StorageNodes.get(state, signer);
        StorageNodes.put(state, node.withEpochCounts(node.contractsDue(), node.contractsProven() + proven));
        int skipped = tx.proofs().size() - proven;
        return skipped == 0 ? new TxResult(TxStatus.OK, "ok", proven)
                : new TxResult(TxStatus.OK, "proved " + proven + " of " + tx.proofs().size() + " contracts; skipped " + skipped + ", first " + first_skip, proven);
    }

    /** Why this proof is not one the signer may give for the epoch (null when it is, or when only a race makes it moot). */
    private static String wrongProof(StateReader state, StorageContract c, byte[] signer, EpochSeed seed, ProveStorage.ContractProof proof) {
        if (c == null) {
            return "no storage contract " + proof.contract();
        }
        if (!Arrays.equals(c.node(), signer)) {
            return "only the node holding contract " + c.id() + " proves it";
        }
        if (c.state() != StorageContract.State.ACTIVE || c.lastProvenEpoch() == seed.epoch()) {
            return null;
        }
        if (seed.epoch() < c.startEpoch() || seed.epoch() > c.endEpoch()) {
            return "contract " + c.id() + " covers epochs " + c.startEpoch() + ".." + c.endEpoch();
        }
        return checkLeaves(state, c, seed.seed(), proof);
    }

    private static String checkLeaves(StateReader state, StorageContract c, byte[] seed, ProveStorage.ContractProof proof) {
        long needed = Params.get(state, Param.STORAGE_PROOF_LEAVES);
        if (proof.leaves().size() != needed) {
            return "leaves: " + needed + " challenged leaves are required, got " + proof.leaves().size();
        }
        int leaf_count = MerkleTree.leafCount(c.pieceSizeBytes());
        for (int i = 0; i < proof.leaves().size(); i++) {
            int index = Challenge.leafIndex(seed, c.id(), i, leaf_count);
            long start = (long) index * MerkleTree.LEAF_SIZE_BYTES;
            long length = Math.min(MerkleTree.LEAF_SIZE_BYTES, c.pieceSizeBytes() - start);
            ProveStorage.Leaf leaf = proof.leaves().get(i);
            if (leaf.data().length != length || !MerkleTree.verify(c.merkleRoot(), leaf_count, index, leaf.data(), leaf.path())) {
                return "leaves[" + i + "]: leaf " + index + " does not verify against contract " + c.id() + "'s Merkle root";
            }
        }
        return null;
    }

    /** Releases the epoch's price from escrow to the node that proved the contract for it. */
    private static void pay(Overlay state, long height, StorageContract c, long epoch) {
        long due = Math.min(c.pricePerEpochE9s(), c.escrowE9s());
        if (due > 0) {
            TxResult moved = ReputationLedger.settle(state, height, StorageEscrow.ACCOUNT, c.owner(), c.node(), due);
            if (!moved.ok()) {
                throw new IllegalStateException("storage escrow cannot pay contract " + c.id() + ": " + moved.message());
            }
        }
        StorageContracts.put(state, c.proven(epoch, due));
    }

    /**
     * At the first block of a new epoch: judge every node on epoch {@code epoch_before} (the one that
     * just closed and had blocks), start its counts for {@code new_epoch}, and publish the new epoch's
     * seed (the parent block's hash). Epochs between the two had no block at all, so no proof could
     * land in them; they cost the nodes nothing and pay nothing, and their escrow goes back to the owners.
     */
    public static void onEpochStart(Overlay state, long height, long epoch_before, long new_epoch, byte[] parent_hash) {
        assert new_epoch > epoch_before : "epoch " + new_epoch + " follows " + epoch_before;
        TreeMap<byte[], Long> changes = DueCounts.take(state, epoch_before + 1, new_epoch);
        long threshold = Params.get(state, Param.STORAGE_DISQUALIFY_FAILURES);
        for (StorageNode node : StorageNodes.list(state)) {
            long change = changes.getOrDefault(node.owner(), 0L);
            if (node.contractsDue() == 0 && change == 0) {
                continue;
            }
            StorageNode judged = node.contractsDue() == 0 ? node : judge(state, height, node, epoch_before, threshold);
            long due_next = judged.contractsDue() + change;
            assert due_next >= 0 : "node " + Account.of(node.owner()) + " would have " + due_next + " contracts due";
            StorageNodes.put(state, judged.withEpochCounts(due_next, 0));
        }
        state.put(SEED, Values.concat(Values.u64(new_epoch), Values.u64(epoch_before), parent_hash));
    }

    /** The node's proof record after {@code epoch}: each contract it left unproven costs reputation. */
    private static StorageNode judge(Overlay state, long height, StorageNode node, long epoch, long threshold) {
        long missed = node.contractsDue() - node.contractsProven();
        if (missed == 0) {
            return node.withProofRecord(node.proofsTotal() + 1, node.failsTotal(), 0, node.disqualified());
        }
        long per_contract = Params.get(state, Param.STORAGE_PROOF_FAIL_REPUTATION);
        long loss = per_contract == 0 ? 0 : missed > Long.MAX_VALUE / per_contract ? Long.MAX_VALUE : missed * per_contract;
        Reputation.change(state, height, node.owner(), -loss, Reputation.Cause.STORAGE_PROOF_FAILED, StorageEscrow.ACCOUNT.owner(),
                "no valid proof for " + missed + " of " + node.contractsDue() + " storage contracts in epoch " + epoch);
        long fails = node.failsConsecutive() + 1;
        return node.withProofRecord(node.proofsTotal(), node.failsTotal() + 1, fails, node.disqualified() || fails >= threshold);
    }
}
