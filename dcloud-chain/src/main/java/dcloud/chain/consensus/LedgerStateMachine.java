package dcloud.chain.consensus;

import dcloud.chain.mempool.SignatureCache;
import dcloud.core.codec.DecodeException;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.Block;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.LedgerStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge from Raft's log to the ledger: one log entry is one block. Entries at or below the
 * store's last applied index were already committed to RocksDB (same batch as the block), so a
 * restart replays the log idempotently. A store failure halts the process: advancing past a block
 * that was not written would silently fork this replica.
 */
public final class LedgerStateMachine extends BaseStateMachine {
    private static final Logger log = LoggerFactory.getLogger(LedgerStateMachine.class);
    private final LedgerStore store;
    private final SignatureCache signatures;
    private final AppliedBlockListener listener;
    private final ForkJoinPool verify_pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    public LedgerStateMachine(LedgerStore store, SignatureCache signatures, AppliedBlockListener listener) {
        this.store = store;
        this.signatures = signatures;
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        try {
            String result = applyEntry(index, entry.getStateMachineLogEntry().getLogData().toByteArray());
            updateLastAppliedTermIndex(entry.getTerm(), index);
            return CompletableFuture.completedFuture(Message.valueOf(result));
        } catch (RuntimeException | Error fatal) {
            log.error("event=apply_failed index={} error=\"{}\": halting so the log replays on restart", index, fatal.toString(), fatal);
            Runtime.getRuntime().halt(70);
            throw fatal;
        }
    }

    private String applyEntry(long index, byte[] bytes) {
        if (index <= store.lastAppliedIndex()) {
            return "ok: already applied";
        }
        Block block;
        try {
            block = Block.decode(bytes);
        } catch (DecodeException e) {
            log.warn("event=block_undecodable index={} reason=\"{}\"", index, e.getMessage());
            store.commit(null, java.util.List.of(), rejected(e.getMessage()), index);
            return "rejected: " + e.getMessage();
        }
        long started_ns = System.nanoTime();
        signatures.verifyAll(block.txs(), verify_pool);
        BlockOutcome outcome = LedgerApplier.apply(store, block, signatures, index);
        if (!outcome.accepted()) {
            log.warn("event=block_rejected index={} height={} reason=\"{}\"", index, block.height(), outcome.rejection());
            return "rejected: " + outcome.rejection();
        }
        listener.applied(block, outcome, System.nanoTime() - started_ns);
        return "ok";
    }

    private BlockOutcome rejected(String reason) {
        return new BlockOutcome(reason, new java.util.TreeMap<>(java.util.Arrays::compareUnsigned), java.util.List.of(),
                java.util.List.of(), store.head());
    }

    @Override
    public void close() {
        verify_pool.shutdownNow();
    }
}
