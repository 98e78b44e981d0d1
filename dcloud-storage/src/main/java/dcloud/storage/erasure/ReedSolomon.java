package dcloud.storage.erasure;

/**
 * Systematic Reed–Solomon K-of-N over GF(256): N shards of equal size, the first K the data itself,
 * the other N−K parity from a Cauchy matrix, so any K shards rebuild everything (the code is MDS:
 * every K×K submatrix of [I; C] is invertible). N ≤ 256.
 */
public final class ReedSolomon {
    public static final int SHARDS_MAX = 256;
    private static final ShardCoder DEFAULT_CODER = pickCoder();
    private final int data_shards;
    private final int total_shards;
    private final int[][] parity_rows;
    private final ShardCoder coder;

    public ReedSolomon(int data_shards, int total_shards) {
        this(data_shards, total_shards, DEFAULT_CODER);
    }

    ReedSolomon(int data_shards, int total_shards, ShardCoder coder) {
        if (data_shards < 1 || total_shards <= data_shards || total_shards > SHARDS_MAX) {
            throw new IllegalArgumentException("redundancy must be K/N with 1 <= K < N <= " + SHARDS_MAX + ", got " + data_shards + "/" + total_shards);
        }
        this.data_shards = data_shards;
        this.total_shards = total_shards;
        this.coder = coder;
        int parity = total_shards - data_shards;
        this.parity_rows = new int[parity][data_shards];
        for (int i = 0; i < parity; i++) {
            for (int j = 0; j < data_shards; j++) {
                parity_rows[i][j] = GaloisField.inverse((data_shards + i) ^ j);
            }
        }
    }

    /** A coder by name: "table", "vector" or "default" (vector when the Vector API is there). */
    public static ReedSolomon withCoder(int data_shards, int total_shards, String coder) {
        return new ReedSolomon(data_shards, total_shards, switch (coder) {
            case "table" -> new TableCoder();
            case "vector" -> new VectorCoder();
            default -> DEFAULT_CODER;
        });
    }

    private static ShardCoder pickCoder() {
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                return new VectorCoder();
            }
        } catch (LinkageError unavailable) {
            // fall through to the scalar coder
        }
        return new TableCoder();
    }

    public String coderName() {
        return coder.name();
    }

    public int dataShards() {
        return data_shards;
    }

    public int totalShards() {
        return total_shards;
    }

    /** Fills shards[K..N) with parity computed from shards[0..K); every shard has {@code shard_size} bytes. */
    public void encode(byte[][] shards, int shard_size) {
        checkShape(shards, shard_size);
        byte[][] data = java.util.Arrays.copyOf(shards, data_shards);
        byte[][] parity = java.util.Arrays.copyOfRange(shards, data_shards, total_shards);
        coder.multiply(parity_rows, data, parity, 0, shard_size);
    }

    /**
     * Rebuilds every missing shard from any K present ones. Missing shards must be allocated
     * arrays of {@code shard_size} bytes; their contents are overwritten.
     */
    public void decode(byte[][] shards, boolean[] present, int shard_size) {
        checkShape(shards, shard_size);
        int[] chosen = new int[data_shards];
        int count = 0;
        for (int i = 0; i < total_shards && count < data_shards; i++) {
            if (present[i]) {
                chosen[count++] = i;
            }
        }
        if (count < data_shards) {
            throw new IllegalArgumentException("need " + data_shards + " shards to decode, have " + count);
        }
        int[][] sub = new int[data_shards][];
        byte[][] inputs = new byte[data_shards][];
        for (int r = 0; r < data_shards; r++) {
            sub[r] = row(chosen[r]);
            inputs[r] = shards[chosen[r]];
        }
        int[][] inverse = GaloisField.invert(sub);
        // Data first (from the K chosen shards), then parity (from the now complete data).
        rebuild(shards, present, 0, data_shards, inverse, inputs, shard_size);
        rebuild(shards, present, data_shards, total_shards, parity_rows, java.util.Arrays.copyOf(shards, data_shards), shard_size);
    }

    /** Recomputes the missing shards in [from, to); row {@code i - from} of {@code matrix} produces shard i. */
    private void rebuild(byte[][] shards, boolean[] present, int from, int to, int[][] matrix, byte[][] inputs, int shard_size) {
        java.util.List<Integer> missing = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!present[i]) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        int[][] rows = new int[missing.size()][];
        byte[][] outputs = new byte[missing.size()][];
        for (int m = 0; m < rows.length; m++) {
            rows[m] = matrix[missing.get(m) - from];
            outputs[m] = shards[missing.get(m)];
        }
        coder.multiply(rows, inputs, outputs, 0, shard_size);
    }

    private int[] row(int shard) {
        if (shard < data_shards) {
            int[] identity = new int[data_shards];
            identity[shard] = 1;
            return identity;
        }
        return parity_rows[shard - data_shards];
    }

    private void checkShape(byte[][] shards, int shard_size) {
        if (shards.length != total_shards) {
            throw new IllegalArgumentException("expected " + total_shards + " shards, got " + shards.length);
        }
        for (byte[] shard : shards) {
            if (shard == null || shard.length < shard_size) {
                throw new IllegalArgumentException("every shard must hold " + shard_size + " bytes");
            }
        }
    }
}
