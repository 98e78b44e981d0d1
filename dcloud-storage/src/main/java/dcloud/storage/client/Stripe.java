package dcloud.storage.client;

/**
 * Reusable arrays for one segment's pieces: a put encrypts and erasure-codes into them and uploads
 * slices of them, a get downloads into them. A piece uses the first {@code piece_size} bytes of its
 * array. Arrays are allocated on first use and then kept for the next segment, because fresh 16 MiB
 * arrays cost more (the kernel zeroing new heap pages, then GC) than the work done on them.
 */
final class Stripe {
    private final byte[][] shards;
    private final int capacity_bytes;

    Stripe(int total_shards, int capacity_bytes) {
        assert total_shards > 0 && capacity_bytes > 0 : total_shards + " shards of " + capacity_bytes + " bytes";
        this.shards = new byte[total_shards][];
        this.capacity_bytes = capacity_bytes;
    }

    /** {@code previous} when it has the shape, otherwise a new stripe (so callers can reuse blindly). */
    static Stripe reuse(Stripe previous, int total_shards, int piece_size_bytes) {
        boolean fits = previous != null && previous.shards.length == total_shards && previous.capacity_bytes >= piece_size_bytes;
        return fits ? previous : new Stripe(total_shards, Math.max(1, piece_size_bytes));
    }

    /** Bytes one stripe of this shape holds when every array is allocated. */
    static long sizeBytes(int total_shards, int piece_size_bytes) {
        return (long) total_shards * Math.max(1, piece_size_bytes);
    }

    int totalShards() {
        return shards.length;
    }

    byte[] shard(int index) {
        if (shards[index] == null) {
            shards[index] = new byte[capacity_bytes];
        }
        return shards[index];
    }

    /** Every shard's array (allocating the missing ones). */
    byte[][] all() {
        for (int i = 0; i < shards.length; i++) {
            shard(i);
        }
        return shards.clone();
    }
}
