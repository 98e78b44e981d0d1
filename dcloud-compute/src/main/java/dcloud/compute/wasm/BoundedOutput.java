package dcloud.compute.wasm;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job's stdout or stderr: a file that never grows past {@code bytesMax}. The first bytes are kept;
 * when more arrives than fits, the file ends with a marker line instead, so a reader sees the output
 * was cut. Writes past the limit are accepted and dropped, so the module sees no error and does not
 * retry. Bytes go straight to the file up to {@code bytesMax} minus the marker's length; the few after
 * that are held in memory until it is clear whether the marker replaces them. The file is only ever
 * appended to (O_APPEND, like the process provisioner's logs, so {@code Logs.bound} stays safe) and is
 * written through a FileOutputStream, which unlike a FileChannel is not closed when the writing thread
 * is interrupted (the CPU-time watchdog and stop() interrupt job threads).
 */
final class BoundedOutput extends OutputStream {
    private final FileOutputStream file;
    private final long bytesMax;
    private final byte[] marker;
    /** Bytes that go to the file at once; the rest, up to bytesMax, wait in {@code held}. */
    private final long direct;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long written;
    private long offered;
    private boolean truncated;

    BoundedOutput(Path path, long bytesMax) throws IOException {
        this.bytesMax = bytesMax;
        this.marker = ("\n[dcloud: output truncated at " + bytesMax + " bytes]\n").getBytes(StandardCharsets.UTF_8);
        this.direct = marker.length <= bytesMax ? bytesMax - marker.length : bytesMax;
        Files.write(path, new byte[0]);
        this.file = new FileOutputStream(path.toFile(), true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) throws IOException {
        offered += length;
        if (truncated || length <= 0) {
            return;
        }
        int now = (int) Math.min(length, direct - written);
        if (now > 0) {
            file.write(data, offset, now);
            written += now;
            offset += now;
            length -= now;
        }
        if (length == 0) {
            return;
        }
        if (held.size() + (long) length <= bytesMax - direct) {
            held.write(data, offset, length);
            return;
        }
        truncated = true;
        held.reset();
        if (direct < bytesMax) {
            file.write(marker);
            written += marker.length;
        }
    }

    /** Bytes the module wrote, kept or not. */
    synchronized long offered() {
        return offered;
    }

    synchronized boolean truncated() {
        return truncated;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (!truncated && held.size() > 0) {
                held.writeTo(file);
                written += held.size();
                held.reset();
            }
        } finally {
            file.close();
        }
    }
}
