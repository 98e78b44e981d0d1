package dcloud.storage.client;

import dcloud.storage.crypt.SegmentCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Where a get's decoder puts plaintext: one authenticated chunk at a time, in order. The decoder
 * decrypts straight into the sink's own space ({@link #room()}) and then says how much it wrote
 * ({@link #filled(int)}), so no chunk is copied on its way to the object's hash and the file.
 */
interface PlainSink {
    /** Space for one chunk: {@code bytes[offset, offset + SegmentCipher.CHUNK_SIZE_BYTES)}. */
    record Room(byte[] bytes, int offset) {}

    /** Space for the next chunk. Asking again before {@link #filled(int)} gives the same space. */
    Room room() throws IOException;

    /** The last room now holds {@code length} bytes of authenticated plaintext, the object's next bytes. */
    void filled(int length) throws IOException;

    /** A sink that hashes and writes each chunk on the caller's thread. */
    static PlainSink direct(OutputStream out, MessageDigest object_digest) {
        byte[] chunk = new byte[SegmentCipher.CHUNK_SIZE_BYTES];
        Room room = new Room(chunk, 0);
        return new PlainSink() {
            @Override
            public Room room() {
                return room;
            }

            @Override
            public void filled(int length) throws IOException {
                assert length >= 0 && length <= chunk.length : "chunk of " + length + " bytes";
                if (object_digest != null) {
                    object_digest.update(chunk, 0, length);
                }
                out.write(chunk, 0, length);
            }
        };
    }
}
