package dcloud.compute.ingress;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters since the router started; they only grow. Safe to read from any thread at any time. */
public final class IngressStats {
    private final LongAdder routed_https = new LongAdder();
    private final LongAdder routed_http = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final AtomicLongArray refused = new AtomicLongArray(Refusal.values().length);

    IngressStats() {}

    /** HTTPS connections piped to a backend (counted once the backend accepted). */
    public long routedHttps() {
        return routed_https.sum();
    }

    /** HTTP connections piped to a backend. */
    public long routedHttp() {
        return routed_http.sum();
    }

    /** Connections to forwarded TCP ports piped to their target. */
    public long forwarded() {
        return forwarded.sum();
    }

    public long refused(Refusal reason) {
        return refused.get(reason.ordinal());
    }

    public long refusedTotal() {
        long total = 0;
        for (int i = 0; i < refused.length(); i++) {
            total += refused.get(i);
        }
        return total;
    }

    void countRoutedHttps() {
        routed_https.increment();
    }

    void countRoutedHttp() {
        routed_http.increment();
    }

    void countForwarded() {
        forwarded.increment();
    }

    void countRefused(Refusal reason) {
        refused.incrementAndGet(reason.ordinal());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append("routed_https=").append(routedHttps())
                .append(" routed_http=").append(routedHttp())
                .append(" forwarded=").append(forwarded());
        for (Refusal reason : Refusal.values()) {
            text.append(" refused_").append(reason.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(refused(reason));
        }
        return text.toString();
    }
}
