package dcloud.storage.erasure;

/** The scalar coder: one 256-entry product table row per coefficient, four bytes per step. */
final class TableCoder implements ShardCoder {
    @Override
    public void multiply(int[][] matrix, byte[][] in, byte[][] out, int offset, int length) {
        int end = offset + length;
        for (int r = 0; r < out.length; r++) {
            byte[] target = out[r];
            java.util.Arrays.fill(target, offset, end, (byte) 0);
            for (int j = 0; j < in.length; j++) {
                int coefficient = matrix[r][j];
                if (coefficient == 0) {
                    continue;
                }
                byte[] table = GaloisField.MUL[coefficient];
                byte[] source = in[j];
                int i = offset;
                for (; i + 4 <= end; i += 4) {
                    target[i] ^= table[source[i] & 0xff];
                    target[i + 1] ^= table[source[i + 1] & 0xff];
                    target[i + 2] ^= table[source[i + 2] & 0xff];
                    target[i + 3] ^= table[source[i + 3] & 0xff];
                }
                for (; i < end; i++) {
                    target[i] ^= table[source[i] & 0xff];
                }
            }
        }
    }

    @Override
    public String name() {
        return "table";
    }
}
