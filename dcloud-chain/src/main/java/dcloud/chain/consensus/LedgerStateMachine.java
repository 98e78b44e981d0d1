package dcloud.chain.consensus;

import dcloud.chain.mempool.SignatureCache;
import dcloud.core.codec.DecodeException;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.Block;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.LedgerStore;
import dcloud.ledger.store.RocksLedgerStore;
import dcloud.ledger.store.SwappableLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.util.LifeCycle;
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
    private final SwappableLedgerStore store;
    private final Path live_dir;
    private final CheckpointSnapshots snapshots = new CheckpointSnapshots();
    private final SignatureCache signatures;
    private final AppliedBlockListener listener;
    private final ForkJoinPool verify_pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** {@code live_dir} is where {@code store}'s RocksDB lives, outside Raft's own directories. */
    public LedgerStateMachine(SwappableLedgerStore store, Path live_dir, SignatureCache signatures, AppliedBlockListener listener) {
        this.store = store;
        this.live_dir = live_dir;
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
    public void initialize(RaftServer server, RaftGroupId group_id, RaftStorage storage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, group_id, storage);
            snapshots.init(storage);
            CheckpointSnapshots.Snapshot latest = snapshots.latest();
            if (latest != null) {
                installIfAhead(latest);
                setLastAppliedTermIndex(TermIndex.valueOf(latest.term(), latest.index()));
            }
        }, IOException.class);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    /**
     * A RocksDB checkpoint of the store at the last applied index. Ratis calls this on the apply
     * thread with no apply in flight, so the checkpoint is exactly the state at that index.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        CheckpointSnapshots.Snapshot latest = snapshots.latest();
        if (last == null || last.getIndex() < 0 || (latest != null && latest.index() >= last.getIndex())) {
            return latest == null ? -1 : latest.index();
        }
        Path target = snapshots.directoryFor(last.getTerm(), last.getIndex());
        Path temp = snapshots.smDir().resolve("tmp_" + target.getFileName());
        dcloud.core.files.FileTrees.delete(temp);
        Files.createDirectories(temp);
        store.checkpoint(temp.resolve("db"));
        Files.writeString(temp.resolve(CheckpointSnapshots.COMPLETE), last.toString());
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        snapshots.removeAllBut(2);
        log.info("event=snapshot_taken index={} height={}", last.getIndex(), store.head().height());
        return last.getIndex();
    }

    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /**
     * After Ratis installed a leader's snapshot into sm/: when it is ahead of the live store, the
     * live RocksDB is replaced by a copy of the checkpoint (readers wait on the swap lock).
     */
    @Override
    public void reinitialize() throws IOException {
        CheckpointSnapshots.Snapshot latest = snapshots.latest();
        if (latest != null && installIfAhead(latest)) {
            setLastAppliedTermIndex(TermIndex.valueOf(latest.term(), latest.index()));
        }
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /**
     * Replaces the live RocksDB by a copy of {@code snapshot} when the snapshot is ahead of it: after
     * an install from the leader, and at start-up after a crash in the middle of such a replacement
     * (the snapshot in sm/ stays intact until a newer one is complete).
     */
    private boolean installIfAhead(CheckpointSnapshots.Snapshot snapshot) throws IOException {
        if (snapshot.index() <= store.lastAppliedIndex()) {
            return false;
        }
        Path staged = live_dir.resolveSibling(live_dir.getFileName() + ".installing");
        dcloud.core.files.FileTrees.delete(staged);
        CheckpointSnapshots.copyDatabase(snapshot.dir().resolve("db"), staged);
        store.swap(() -> {
            try {
                dcloud.core.files.FileTrees.delete(live_dir);
                Files.move(staged, live_dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new RocksLedgerStore(live_dir);
        });
        log.info("event=snapshot_installed index={} height={}", snapshot.index(), store.head().height());
        return true;
    }

    @Override
    public void close() {
        verify_pool.shutdownNow();
    }
}
