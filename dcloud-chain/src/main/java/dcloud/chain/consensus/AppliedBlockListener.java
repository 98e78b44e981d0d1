package dcloud.chain.consensus;

import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.Block;

/** Told after each block is committed to the store, on the single apply thread: keep it quick. */
@FunctionalInterface
public interface AppliedBlockListener {
    void applied(Block block, BlockOutcome outcome, long commit_latency_hint_ns);
}
