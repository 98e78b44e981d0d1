package dcloud.chain;

import dcloud.chain.consensus.Consensus;
import dcloud.chain.consensus.LedgerStateMachine;
import dcloud.chain.consensus.Peer;
import dcloud.chain.consensus.RatisConsensus;
import dcloud.chain.mempool.Mempool;
import dcloud.chain.mempool.SignatureCache;
import dcloud.chain.producer.BlockProducer;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.block.Block;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.LedgerStore;
import dcloud.ledger.store.RocksLedgerStore;
import dcloud.ledger.store.SwappableLedgerStore;
import dcloud.ledger.store.TxRecord;
import dcloud.ledger.tx.SignedTx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator's chain: RocksDB store, Raft replication, mempool, block production and the
 * waiters of clients who asked to hear when their tx commits. Everything the HTTP API needs.
 */
public final class ChainNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChainNode.class);

    /** Settings with dev defaults; see {@code dcloud node run --help} for the flags that set them. */
    public record Settings(long block_interval_ms, long block_batch_wait_ms, int block_txs_max, int mempool_txs_max, int waiters_max,
                           RatisConsensus.Settings consensus) {
        public static Settings defaults() {
            return new Settings(1000, 50, 10_000, 50_000, 100_000, RatisConsensus.Settings.defaults());
        }
    }

    private final Genesis genesis;
    private final SwappableLedgerStore store;
    private final Mempool mempool;
    private final SignatureCache signatures = new SignatureCache(200_000);
    private final Consensus consensus;
    private final BlockProducer producer;
    private final List<Peer> peers;
    private final Settings settings;
    private final ChainMetrics metrics = new ChainMetrics();
    private final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final java.util.List<dcloud.chain.consensus.AppliedBlockListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The callers waiting for one tx: one shared future, completed on commit, and how many wait on it. */
    private static final class Waiter {
        final CompletableFuture<TxRecord> future = new CompletableFuture<>();
        final long started_ns = System.nanoTime();
        /** Changed only inside the map's compute functions for this waiter's key, which run one at a time. */
        int callers;
    }

    public ChainNode(Genesis genesis, String self_id, KeyPair validator_key, List<Peer> peers, Path data_dir,
                     Clock clock, Settings settings) throws IOException {
        this.genesis = genesis;
        this.peers = List.copyOf(peers);
        this.settings = settings;
        Path live_dir = data_dir.resolve("ledger");
        this.store = new SwappableLedgerStore(new RocksLedgerStore(live_dir));
        LedgerApplier.initialize(store, genesis);
        this.mempool = new Mempool(settings.mempool_txs_max());
        LedgerStateMachine machine = new LedgerStateMachine(store, live_dir, signatures, this::onApplied);
        this.consensus = new RatisConsensus(genesis.chainId(), self_id, peers, data_dir.resolve("raft"), machine, settings.consensus());
        this.producer = new BlockProducer(consensus, store, mempool, validator_key, genesis.chainId(), clock,
                settings.block_interval_ms(), settings.block_batch_wait_ms(), settings.block_txs_max());
        log.info("event=chain_started node={} chain_id={} height={} peers={}", self_id, genesis.chainId(), store.head().height(), peers.size());
    }

    /** Checks what every replica would check before queueing: chain, signature, size. */
    public Admission admit(SignedTx tx) {
        if (!tx.chainId().equals(genesis.chainId())) {
            metrics.txs_refused_invalid.incrementAndGet();
            return new Admission(Admission.Status.INVALID, "chain_id '" + tx.chainId() + "' is not this chain's '" + genesis.chainId() + "'");
        }
        if (!signatures.valid(tx)) {
            metrics.txs_refused_invalid.incrementAndGet();
            return new Admission(Admission.Status.INVALID, "signature does not verify for the signer's key");
        }
        TxRecord committed = store.tx(tx.hash());
        if (committed != null && committed.result().ok()) {
            return new Admission(Admission.Status.ALREADY_COMMITTED, "already committed at height " + committed.height());
        }
        if (!consensus.isLeaderReady()) {
            return new Admission(Admission.Status.NOT_LEADER, "this node is not the leader; leader is " + consensus.leaderId());
        }
        return switch (mempool.offer(tx)) {
            case ACCEPTED -> {
                metrics.txs_admitted.incrementAndGet();
                yield new Admission(Admission.Status.ACCEPTED, "accepted");
            }
            case ALREADY_PENDING -> new Admission(Admission.Status.ALREADY_PENDING, "already pending");
            case FULL -> {
                metrics.txs_refused_busy.incrementAndGet();
                yield new Admission(Admission.Status.BUSY, "busy: mempool is full (" + mempool.sizeMax() + " txs or "
                        + mempool.bytesMax() + " bytes); retry later");
            }
        };
    }

    /**
     * A future completed when the tx with {@code hash} commits on this node (or null on timeout).
     * Registers before checking the store, so a commit in between is never missed.
     */
    public CompletableFuture<TxRecord> awaitCommit(byte[] hash, long timeout_ms) {
        String key = dcloud.core.bytes.Hex.encode(hash);
        TxRecord already = store.tx(hash);
        if (already != null) {
            return CompletableFuture.completedFuture(already);
        }
        if (waiters.size() >= settings.waiters_max()) {
            return CompletableFuture.failedFuture(new IllegalStateException("busy: too many clients waiting for commits; retry later"));
        }
        Waiter waiter = waiters.compute(key, (k, existing) -> {
            Waiter joined = existing == null ? new Waiter() : existing;
            joined.callers++;
            return joined;
        });
        TxRecord raced = store.tx(hash);
        if (raced != null) {
            waiters.remove(key, waiter);
            waiter.future.complete(raced);
        }
        // Each caller times out on its own copy: one caller's short wait must not end another's long one.
        // The last caller to leave removes a waiter whose tx never committed.
        return waiter.future.copy().completeOnTimeout(null, timeout_ms, TimeUnit.MILLISECONDS)
                .whenComplete((record, error) -> waiters.computeIfPresent(key, (k, current) -> current == waiter && --current.callers == 0 ? null : current));
    }

    /** Also tells {@code listener} about every block applied from now on (indexes kept in step with the ledger). */
    public void addListener(dcloud.chain.consensus.AppliedBlockListener listener) {
        listeners.add(listener);
    }

    private void onApplied(Block block, BlockOutcome outcome, long apply_ns) {
        for (dcloud.chain.consensus.AppliedBlockListener listener : listeners) {
            try {
                listener.applied(block, outcome, apply_ns);
            } catch (RuntimeException e) {
                log.error("event=listener_failed error=\"{}\"", e.toString(), e);
            }
        }
        metrics.blocks_applied.incrementAndGet();
        metrics.block_apply_ns_total.addAndGet(apply_ns);
        List<SignedTx> txs = block.txs();
        for (int i = 0; i < txs.size(); i++) {
            var result = outcome.results().get(i);
            (result.ok() ? metrics.txs_ok : metrics.txs_failed).incrementAndGet();
            Waiter waiter = waiters.remove(txs.get(i).hashHex());
            if (waiter != null) {
                metrics.observeCommitLatency((System.nanoTime() - waiter.started_ns) / 1_000_000L);
                waiter.future.complete(new TxRecord(block.height(), i, result));
            }
        }
    }

    public Genesis genesis() {
        return genesis;
    }

    public LedgerStore store() {
        return store;
    }

    public Mempool mempool() {
        return mempool;
    }

    public ChainMetrics metrics() {
        return metrics;
    }

    public Consensus consensus() {
        return consensus;
    }

    public List<Peer> peers() {
        return peers;
    }

    /** The leader's peer entry, or null during an election. */
    public Peer leader() {
        String id = consensus.leaderId();
        return peers.stream().filter(peer -> peer.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        producer.close();
        consensus.close();
        store.close();
    }
}
