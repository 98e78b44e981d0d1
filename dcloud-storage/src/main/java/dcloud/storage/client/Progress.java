package dcloud.storage.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** Bytes moved so far, reported to a listener (the CLI's progress bar) from any thread. */
public final class Progress {
    public static final Progress NONE = new Progress(0, done -> { });
    private final AtomicLong done = new AtomicLong();
    private final long total;
    private final LongConsumer listener;

    public Progress(long total, LongConsumer listener) {
        this.total = total;
        this.listener = listener;
    }

    public long total() {
        return total;
    }

    void add(long bytes) {
        listener.accept(done.addAndGet(bytes));
    }
}
