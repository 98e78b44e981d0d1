package dcloud.chain.consensus;

import java.util.concurrent.CompletableFuture;

/**
 * Orders blocks among validators. Raft (Ratis) today; a BFT engine could implement the same
 * contract: submit a block's bytes, learn who leads. Applying blocks is the state machine's job.
 */
public interface Consensus extends AutoCloseable {
    /** Replicates and applies the block; completes with the apply result text ("ok" or "rejected: ..."). */
    CompletableFuture<String> submit(byte[] block_bytes);

    /** True when this node leads and has committed an entry in its term. */
    boolean isLeaderReady();

    /** The current leader's id, or null while an election runs. */
    String leaderId();

    String selfId();

    @Override
    void close();
}
