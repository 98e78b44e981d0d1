package dcloud.storage.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP response body written straight into a caller's array (a piece of a reused {@link Stripe}),
 * instead of the JDK's list of buffers joined into a fresh array. The body's length is the number
 * of bytes received. A body longer than the room fails, unless the sink truncates (for error
 * messages). After {@link #abandon()} returns the sink never writes again, so an abandoned
 * download cannot touch an array that was handed to the next segment.
 */
final class ArraySink implements HttpResponse.BodySubscriber<Integer> {
    private final byte[] target;
    private final int room_bytes;
    private final boolean truncate;
    private final CompletableFuture<Integer> received = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private int position;
    private boolean stopped;

    ArraySink(byte[] target, int room_bytes, boolean truncate) {
        assert room_bytes <= target.length : room_bytes + " > " + target.length;
        this.target = target;
        this.room_bytes = room_bytes;
        this.truncate = truncate;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (stopped) {
                return;
            }
            int take = Math.min(buffer.remaining(), room_bytes - position);
            if (take < buffer.remaining() && !truncate) {
                stopped = true;
                subscription.cancel();
                received.completeExceptionally(new IOException("the body is longer than the expected " + room_bytes + " bytes"));
                return;
            }
            buffer.get(target, position, take);
            position += take;
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        stopped = true;
        received.completeExceptionally(error);
    }

    @Override
    public synchronized void onComplete() {
        stopped = true;
        received.complete(position);
    }

    @Override
    public CompletionStage<Integer> getBody() {
        return received;
    }

    /** Stops writing for good (the caller no longer owns the array's contents). */
    synchronized void abandon() {
        if (!stopped) {
            stopped = true;
            if (subscription != null) {
                subscription.cancel();
            }
            received.completeExceptionally(new IOException("download abandoned"));
        }
    }
}
