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
    private static final int BLOCK_BYTES = 16 * 1024;
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
        // Block by block (cache-sized), one (row, column) pair at a time: every vector stays in a local of a
        // short loop, so C2 keeps them in registers (arrays of vectors in the hot loop box and deoptimize).
        for (int block = offset; block < vector_end; block += BLOCK_BYTES) {
            int block_end = Math.min(vector_end, block + BLOCK_BYTES);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < columns; j++) {
                    multiplyBlock(lo[r][j], hi[r][j], in[j], out[r], block, block_end, j == 0);
                }
            }
        }
        if (vector_end < end) {
            tail.multiply(matrix, in, out, vector_end, end - vector_end);
        }
    }

    private static void multiplyBlock(ByteVector lo, ByteVector hi, byte[] in, byte[] out, int from, int to, boolean first) {
        for (int i = from; i < to; i += LANES) {
            ByteVector data = ByteVector.fromArray(SPECIES, in, i);
            ByteVector product = data.and((byte) 0x0f).selectFrom(lo)
                    .lanewise(VectorOperators.XOR, data.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0f).selectFrom(hi));
            if (!first) {
                product = product.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, out, i));
            }
            product.intoArray(out, i);
        }
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
