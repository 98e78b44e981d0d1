package dcloud.storage.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorized coder (Java Vector API): a product c × x is looked up as lo[x & 15] ^ hi[x >> 4],
 * two 16-entry tables per coefficient, with one byte shuffle each (pshufb on x86), 16 or 32 bytes
 * at a time. Needs {@code --add-modules jdk.incubator.vector}; {@link ReedSolomon} falls back to
 * the table coder without it.
 */
final class VectorCoder implements ShardCoder {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_128;
    private static final int LANES = SPECIES.length();
    private final TableCoder tail = new TableCoder();

    @Override
    public void multiply(int[][] matrix, byte[][] in, byte[][] out, int offset, int length) {
        int rows = out.length;
        int columns = in.length;
        ByteVector[][] lo = new ByteVector[rows][columns];
        ByteVector[][] hi = new ByteVector[rows][columns];
        byte[] buffer = new byte[LANES];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < columns; j++) {
                for (int x = 0; x < LANES; x++) {
                    buffer[x] = GaloisField.MUL[matrix[r][j]][x & 15];
                }
                lo[r][j] = ByteVector.fromArray(SPECIES, buffer, 0);
                for (int x = 0; x < LANES; x++) {
                    buffer[x] = GaloisField.MUL[matrix[r][j]][(x & 15) << 4];
                }
                hi[r][j] = ByteVector.fromArray(SPECIES, buffer, 0);
            }
        }
        int end = offset + length;
        int vector_end = offset + (length / LANES) * LANES;
        ByteVector[] lows = new ByteVector[columns];
        ByteVector[] highs = new ByteVector[columns];
        for (int i = offset; i < vector_end; i += LANES) {
            for (int j = 0; j < columns; j++) {
                ByteVector data = ByteVector.fromArray(SPECIES, in[j], i);
                lows[j] = data.and((byte) 0x0f);
                highs[j] = data.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0f);
            }
            for (int r = 0; r < rows; r++) {
                ByteVector sum = lows[0].selectFrom(lo[r][0]).lanewise(VectorOperators.XOR, highs[0].selectFrom(hi[r][0]));
                for (int j = 1; j < columns; j++) {
                    sum = sum.lanewise(VectorOperators.XOR, lows[j].selectFrom(lo[r][j]))
                            .lanewise(VectorOperators.XOR, highs[j].selectFrom(hi[r][j]));
                }
                sum.intoArray(out[r], i);
            }
        }
        if (vector_end < end) {
            tail.multiply(matrix, in, out, vector_end, end - vector_end);
        }
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
