package dcloud.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The canonical encoder: fixed-width big-endian integers, u32 length prefixes, u8 tags.
 * There is exactly one encoding of a value, so hashes and signatures over encodings are stable.
 */
public final class Writer {
    private byte[] buffer;
    private int size;

    public Writer() {
        this(128);
    }

    public Writer(int capacity_bytes) {
        buffer = new byte[Math.max(16, capacity_bytes)];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    public Writer u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public Writer bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public Writer u32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** A 64-bit value written as-is; unsigned meaning is the caller's. */
    public Writer u64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Fixed-size bytes, no prefix: the reader knows the size. */
    public Writer fixed(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** u32 length then the bytes. */
    public Writer bytes(byte[] bytes) {
        u32(bytes.length);
        return fixed(bytes);
    }

    public Writer string(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer, size);
    }
}
