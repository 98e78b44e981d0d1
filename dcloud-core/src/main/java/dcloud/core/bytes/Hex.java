package dcloud.core.bytes;

/** Lower-case hexadecimal text for byte arrays; decoding names the rule that failed. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Decodes hex text (either case). Throws IllegalArgumentException naming the rule broken. */
    public static byte[] decode(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("hex text must have an even number of digits, got " + text.length());
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(text, 2 * i) << 4) | digit(text, 2 * i + 1));
        }
        return out;
    }

    private static int digit(String text, int index) {
        int value = Character.digit(text.charAt(index), 16);
        if (value < 0) {
            throw new IllegalArgumentException("hex text has a non-hex character at position " + index);
        }
        return value;
    }
}
