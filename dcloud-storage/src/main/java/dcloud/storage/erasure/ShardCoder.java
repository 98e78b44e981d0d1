package dcloud.storage.erasure;

/** out[r] = XOR over j of matrix[r][j] × in[j], for bytes [offset, offset + length) of every shard. */
interface ShardCoder {
    void multiply(int[][] matrix, byte[][] in, byte[][] out, int offset, int length);

    String name();
}
