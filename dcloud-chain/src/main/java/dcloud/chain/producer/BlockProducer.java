package dcloud.chain.producer;

import dcloud.chain.consensus.Consensus;
import dcloud.chain.mempool.Mempool;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.block.Block;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.store.LedgerStore;
import dcloud.ledger.tx.SignedTx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, turns the mempool into blocks. A block is due {@code batch_wait_ms} after the
 * previous one once a tx waits, at once when a full block waits, and after {@code interval_ms}
 * (empty if need be, so ledger time and epochs move) when nothing waits. Waiting for the interval
 * with a tx in hand cost every client up to a whole interval per commit: a 1 GiB put, which commits
 * 16 segments' contracts one after another, ran 20-25% slower with 1 s blocks than with 100 ms ones.
 * One block in flight at a time, so each block's parent is the applied head, and txs that arrive
 * while a block commits go together into the next one.
 * The timestamp is the leader's clock, never before the parent's plus 1 ns (monotonic by rule).
 * A block the ledger rejects (a stale head after an election) gives its txs back to the mempool.
 */
public final class BlockProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockProducer.class);
    private final Consensus consensus;
    private final LedgerStore store;
    private final Mempool mempool;
    private final KeyPair key;
    private final String chain_id;
    private final Clock clock;
    private final long interval_ms;
    private final long batch_wait_ms;
    private final int block_txs_max;
    private final long submit_timeout_ms;
    private final Thread thread;
    private volatile boolean running = true;

    public BlockProducer(Consensus consensus, LedgerStore store, Mempool mempool, KeyPair key, String chain_id,
                         Clock clock, long interval_ms, long batch_wait_ms, int block_txs_max) {
        assert interval_ms > 0 && batch_wait_ms >= 0 && batch_wait_ms <= interval_ms : "batch wait within the interval";
        this.consensus = consensus;
        this.store = store;
        this.mempool = mempool;
        this.key = key;
        this.chain_id = chain_id;
        this.clock = clock;
        this.interval_ms = interval_ms;
        this.batch_wait_ms = batch_wait_ms;
        this.block_txs_max = Math.min(block_txs_max, Block.TX_COUNT_MAX);
        this.submit_timeout_ms = Math.max(15_000, interval_ms * 10);
        this.thread = Thread.ofPlatform().name("block-producer").daemon(true).start(this::run);
    }

    private void run() {
        long previous_ns = System.nanoTime();
        while (running) {
            try {
                awaitBlockDue(previous_ns);
                previous_ns = System.nanoTime();
                if (!running) {
                    return;
                }
                if (consensus.isLeaderReady()) {
                    produceOne();
                } else {
                    // A follower may still hold txs from its time as leader: it waits a whole interval, not spin on them.
                    mempool.awaitAtLeast(Integer.MAX_VALUE, interval_ms);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("event=produce_failed error=\"{}\"", e.toString());
                sleepQuietly(interval_ms);
            }
        }
    }

    /** Returns when a block is due after one started at {@code previous_ns} (see the class comment). */
    private void awaitBlockDue(long previous_ns) throws InterruptedException {
        long interval_end_ns = previous_ns + interval_ms * 1_000_000L;
        mempool.awaitAtLeast(1, msUntil(interval_end_ns));
        if (mempool.size() > 0) {
            mempool.awaitAtLeast(block_txs_max, msUntil(Math.min(interval_end_ns, previous_ns + batch_wait_ms * 1_000_000L)));
        }
    }

    private static long msUntil(long deadline_ns) {
        return Math.max(0, (deadline_ns - System.nanoTime() + 999_999) / 1_000_000L);
    }

    private void produceOne() {
        ChainHead head = store.head();
        List<SignedTx> txs = mempool.take(block_txs_max, Block.SIZE_BYTES_MAX - 1024);
        long now_ns = clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
        long timestamp = Math.max(now_ns, head.timestampNs() + 1);
        Block block = Block.sign(key, chain_id, head.height() + 1, head.blockHash(), head.stateHash(), timestamp, txs);
        String result;
        try {
            result = consensus.submit(block.bytes()).get(submit_timeout_ms, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("event=block_submit_failed height={} txs={} error=\"{}\"", block.height(), txs.size(), e.toString());
            mempool.requeue(txs);
            sleepQuietly(Math.min(interval_ms, 200));
            return;
        }
        if (!result.startsWith("ok")) {
            log.warn("event=block_not_applied height={} result=\"{}\"", block.height(), result);
            mempool.requeue(txs);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
