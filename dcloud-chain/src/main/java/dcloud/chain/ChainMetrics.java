package dcloud.chain;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters the node exports on /metrics. Latency buckets are upper bounds in milliseconds. */
public final class ChainMetrics {
    public static final long[] LATENCY_BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    public final AtomicLong blocks_applied = new AtomicLong();
    public final AtomicLong blocks_rejected = new AtomicLong();
    public final AtomicLong txs_ok = new AtomicLong();
    public final AtomicLong txs_failed = new AtomicLong();
    public final AtomicLong txs_admitted = new AtomicLong();
    public final AtomicLong txs_refused_busy = new AtomicLong();
    public final AtomicLong txs_refused_invalid = new AtomicLong();
    public final AtomicLong block_apply_ns_total = new AtomicLong();
    /** Time the market index spent following applied blocks. */
    public final AtomicLong market_index_update_ns_total = new AtomicLong();
    public final AtomicLongArray commit_latency_buckets = new AtomicLongArray(LATENCY_BUCKETS_MS.length + 1);
    public final AtomicLong commit_latency_ms_sum = new AtomicLong();
    public final AtomicLong commit_latency_count = new AtomicLong();

    public void observeCommitLatency(long latency_ms) {
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_MS.length && latency_ms > LATENCY_BUCKETS_MS[bucket]) {
            bucket++;
        }
        commit_latency_buckets.incrementAndGet(bucket);
        commit_latency_ms_sum.addAndGet(latency_ms);
        commit_latency_count.incrementAndGet();
    }
}
