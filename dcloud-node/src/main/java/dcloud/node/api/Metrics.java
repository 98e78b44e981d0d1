package dcloud.node.api;

import dcloud.chain.ChainMetrics;
import dcloud.chain.ChainNode;

/** Prometheus text exposition of the chain's counters. */
final class Metrics {
    private Metrics() {}

    static String render(ChainNode chain) {
        ChainMetrics m = chain.metrics();
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "dcloud_height", "Height of the last applied block.", chain.store().head().height());
        gauge(out, "dcloud_is_leader", "1 when this node leads the validator group.", chain.consensus().isLeaderReady() ? 1 : 0);
        gauge(out, "dcloud_mempool_size", "Transactions waiting for a block.", chain.mempool().size());
        gauge(out, "dcloud_mempool_size_max", "Mempool capacity; submissions beyond it get 'busy'.", chain.mempool().sizeMax());
        counter(out, "dcloud_blocks_applied_total", "Blocks applied by this node.", m.blocks_applied.get());
        out.append("# HELP dcloud_txs_total Transactions applied, by result.\n# TYPE dcloud_txs_total counter\n");
        out.append("dcloud_txs_total{result=\"ok\"} ").append(m.txs_ok.get()).append('\n');
        out.append("dcloud_txs_total{result=\"failed\"} ").append(m.txs_failed.get()).append('\n');
        counter(out, "dcloud_txs_admitted_total", "Transactions admitted to this node's mempool.", m.txs_admitted.get());
        out.append("# HELP dcloud_txs_refused_total Submissions refused, by reason.\n# TYPE dcloud_txs_refused_total counter\n");
        out.append("dcloud_txs_refused_total{reason=\"busy\"} ").append(m.txs_refused_busy.get()).append('\n');
        out.append("dcloud_txs_refused_total{reason=\"invalid\"} ").append(m.txs_refused_invalid.get()).append('\n');
        counter(out, "dcloud_block_apply_seconds_total", "Time spent applying blocks.", m.block_apply_ns_total.get() / 1e9);
        counter(out, "dcloud_market_index_update_seconds_total", "Time the market index spent following applied blocks.",
                m.market_index_update_ns_total.get() / 1e9);
        out.append("# HELP dcloud_commit_latency_ms Submit-to-commit latency seen by waiting clients.\n# TYPE dcloud_commit_latency_ms histogram\n");
        long cumulative = 0;
        for (int i = 0; i < ChainMetrics.LATENCY_BUCKETS_MS.length; i++) {
            cumulative += m.commit_latency_buckets.get(i);
            out.append("dcloud_commit_latency_ms_bucket{le=\"").append(ChainMetrics.LATENCY_BUCKETS_MS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += m.commit_latency_buckets.get(ChainMetrics.LATENCY_BUCKETS_MS.length);
        out.append("dcloud_commit_latency_ms_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append("dcloud_commit_latency_ms_sum ").append(m.commit_latency_ms_sum.get()).append('\n');
        out.append("dcloud_commit_latency_ms_count ").append(m.commit_latency_count.get()).append('\n');
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
