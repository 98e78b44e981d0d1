package dcloud.storage.erasure;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D): addition is XOR,
 * multiplication goes through log/exp tables, and {@link #MUL} holds all 256 × 256 products for the
 * scalar coder's inner loop.
 */
public final class GaloisField {
    private static final int POLYNOMIAL = 0x11D;
    static final int[] EXP = new int[512];
    static final int[] LOG = new int[256];
    /** MUL[a][b] = a × b. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (byte) multiply(a, b);
            }
        }
    }

    private GaloisField() {}

    public static int multiply(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    public static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(256)");
        }
        return EXP[255 - LOG[a]];
    }

    /** Inverts a square matrix in place-free fashion (Gauss-Jordan); throws if it is singular. */
    static int[][] invert(int[][] matrix) {
        int n = matrix.length;
        int[][] work = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("matrix is singular");
            }
            int[] swap = work[col];
            work[col] = work[pivot];
            work[pivot] = swap;
            int scale = inverse(work[col][col]);
            for (int c = 0; c < 2 * n; c++) {
                work[col][c] = multiply(work[col][c], scale);
            }
            for (int r = 0; r < n; r++) {
                if (r != col && work[r][col] != 0) {
                    int factor = work[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        work[r][c] ^= multiply(factor, work[col][c]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(work[r], n, out[r], 0, n);
        }
        return out;
    }
}
