package dcloud.storage.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP request body that is a slice of an array, sent as wrapped views of it. The JDK's
 * {@code BodyPublishers.ofByteArray} first copies the body into fresh 16 KiB buffers; for 16 MiB
 * pieces that copy and its garbage were a visible share of a put's CPU. The array must not change
 * until the request completes.
 */
final class SlicePublisher implements HttpRequest.BodyPublisher {
    static final int VIEW_SIZE_BYTES = 256 * 1024;
    private final byte[] data;
    private final int offset;
    private final int length;

    SlicePublisher(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " is outside an array of " + data.length + " bytes");
        }
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Views(subscriber));
    }

    /** Emits views on demand; the drain loop runs on one thread at a time (re-entrant requests only add demand). */
    private final class Views implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
        private volatile boolean cancelled;
        private int position = offset;
        private boolean completed;

        Views(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        private void drain() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            do {
                int end = offset + length;
                while (!cancelled && position < end && demand.get() > 0) {
                    int take = Math.min(VIEW_SIZE_BYTES, end - position);
                    ByteBuffer view = ByteBuffer.wrap(data, position, take).slice();
                    position += take;
                    demand.decrementAndGet();
                    subscriber.onNext(view);
                }
                if (!cancelled && position == end && !completed) {
                    completed = true;
                    subscriber.onComplete();
                }
            } while (draining.decrementAndGet() != 0);
        }
    }
}
