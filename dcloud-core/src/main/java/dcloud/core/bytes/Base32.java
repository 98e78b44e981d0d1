package dcloud.core.bytes;

/** RFC 4648 base32, lower case, no padding: the alphabet of account text (no 0/1/8/9 confusion with letters). */
public final class Base32 {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {}

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Decodes unpadded base32 (either case); rejects characters outside the alphabet and non-zero pad bits. */
    public static byte[] decode(String text) {
        int length_bytes = text.length() * 5 / 8;
        byte[] out = new byte[length_bytes];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = ALPHABET.indexOf(Character.toLowerCase(text.charAt(i)));
            if (value < 0) {
                throw new IllegalArgumentException("base32 text has an invalid character '" + text.charAt(i) + "' at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has a wrong length or non-zero trailing bits");
        }
        return out;
    }
}
