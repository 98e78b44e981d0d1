package dcloud.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strict decoder twin of {@link Writer}: every read names its field, every length is bounded
 * before allocation, and {@link #end()} rejects trailing bytes. Decoding never trusts a length.
 */
public final class Reader {
    private final byte[] input;
    private int position;

    public Reader(byte[] input) {
        this.input = input;
    }

    private void need(int count, String field) throws DecodeException {
        if (count < 0 || input.length - position < count) {
            throw new DecodeException(field + ": truncated (needs " + count + " bytes at offset " + position + ", " + (input.length - position) + " left)");
        }
    }

    public int u8(String field) throws DecodeException {
        need(1, field);
        return input[position++] & 0xff;
    }

    public boolean bool(String field) throws DecodeException {
        int value = u8(field);
        if (value > 1) {
            throw new DecodeException(field + ": boolean must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    public long u32(String field) throws DecodeException {
        need(4, field);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (input[position++] & 0xff);
        }
        return value;
    }

    public long u64(String field) throws DecodeException {
        need(8, field);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (input[position++] & 0xff);
        }
        return value;
    }

    public byte[] fixed(int size_bytes, String field) throws DecodeException {
        need(size_bytes, field);
        byte[] out = Arrays.copyOfRange(input, position, position + size_bytes);
        position += size_bytes;
        return out;
    }

    /** A u32-prefixed byte string of at most {@code size_bytes_max}. */
    public byte[] bytes(int size_bytes_max, String field) throws DecodeException {
        long length = u32(field + ".length");
        if (length > size_bytes_max) {
            throw new DecodeException(field + ": length " + length + " exceeds the limit of " + size_bytes_max + " bytes");
        }
        return fixed((int) length, field);
    }

    /** A u32-prefixed UTF-8 string; malformed UTF-8 is rejected, not replaced. */
    public String string(int size_bytes_max, String field) throws DecodeException {
        byte[] raw = bytes(size_bytes_max, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(field + ": not valid UTF-8");
        }
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return input.length - position;
    }

    /** Canonical encodings have nothing after the last field. */
    public void end(String what) throws DecodeException {
        if (position != input.length) {
            throw new DecodeException(what + ": " + (input.length - position) + " trailing bytes after the last field");
        }
    }
}
