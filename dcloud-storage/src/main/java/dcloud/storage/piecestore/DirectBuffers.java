package dcloud.storage.piecestore;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct buffers of {@link #BUFFER_BYTES} for piece reads and writes, kept for reuse. Allocating one
 * zeroes it, and its memory is freed only at a GC, which a node that allocates little on the heap
 * rarely runs. Every buffer starts at a multiple of {@link #ALIGNMENT_BYTES} at least, as O_DIRECT needs.
 */
final class DirectBuffers {
    /** A multiple of every common block size. */
    static final int BUFFER_BYTES = 1024 * 1024;
    /** The alignment every buffer has; O_DIRECT on a file system with larger blocks asks for more. */
    static final int ALIGNMENT_BYTES = 4096;
    /** Buffers kept beyond that are left to the GC: 16 MiB stays reserved at most. */
    static final int SPARE_MAX = 16;
    private static final ConcurrentLinkedQueue<ByteBuffer> SPARE = new ConcurrentLinkedQueue<>();

    private DirectBuffers() {}

    /** A cleared buffer whose first byte's address is a multiple of {@code alignment_bytes} (a power of two, at most {@link #BUFFER_BYTES}). */
    static ByteBuffer take(int alignment_bytes) {
        assert alignment_bytes > 0 && BUFFER_BYTES % alignment_bytes == 0 : "alignment " + alignment_bytes;
        ByteBuffer spare = SPARE.poll();
        if (spare != null && spare.alignmentOffset(0, alignment_bytes) == 0) {
            return spare.clear();
        }
        int alignment = Math.max(alignment_bytes, ALIGNMENT_BYTES);
        return ByteBuffer.allocateDirect(BUFFER_BYTES + alignment).alignedSlice(alignment).limit(BUFFER_BYTES).slice();
    }

    /** Gives a buffer from {@link #take(int)} back; the caller must not use it again. */
    static void give(ByteBuffer buffer) {
        assert buffer.isDirect() && buffer.capacity() == BUFFER_BYTES : "not one of ours";
        if (SPARE.size() < SPARE_MAX) {
            SPARE.offer(buffer);
        }
    }
}
