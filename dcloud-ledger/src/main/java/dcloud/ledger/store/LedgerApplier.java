package dcloud.ledger.store;

import dcloud.ledger.BlockOutcome;
import dcloud.ledger.SignatureCheck;
import dcloud.ledger.StateMachine;
import dcloud.ledger.block.Block;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.SignedTx;
import java.util.ArrayList;
import java.util.List;

/** Runs the pure state machine against a store and commits what it produced, one batch per block. */
public final class LedgerApplier {
    private LedgerApplier() {}

    /** Writes genesis into an empty store; a store that already has a head is left as it is. */
    public static void initialize(LedgerStore store, Genesis genesis) {
        if (store.head() != null) {
            return;
        }
        BlockOutcome outcome = StateMachine.applyGenesis(store, genesis);
        store.commit(null, List.of(), outcome, -1);
    }

    /** Applies {@code block} on top of the store's head and commits, with the replication index. */
    public static BlockOutcome apply(LedgerStore store, Block block, SignatureCheck signatures, long applied_index) {
        BlockOutcome outcome = StateMachine.applyBlock(store, store.head(), block, signatures);
        if (!outcome.accepted()) {
            store.commit(null, List.of(), outcome, applied_index);
            return outcome;
        }
        List<byte[]> hashes = new ArrayList<>(block.txs().size());
        for (SignedTx tx : block.txs()) {
            hashes.add(tx.hash());
        }
        store.commit(block.bytes(), hashes, outcome, applied_index);
        return outcome;
    }
}
