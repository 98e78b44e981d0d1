package dcloud.ledger.state;

/** Fixed-width big-endian encodings of state values and key parts. */
public final class Values {
    private Values() {}

    public static byte[] u64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    public static long u64(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    /** A u64 value or 0 when absent. */
    public static long u64OrZero(byte[] bytes) {
        return bytes == null ? 0 : u64(bytes, 0);
    }

    public static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
