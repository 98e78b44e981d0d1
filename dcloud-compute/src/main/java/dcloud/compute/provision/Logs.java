package dcloud.compute.provision;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A workload's logs are the files {@code stdout} and {@code stderr} in its result directory; this
 * reads their tails (bounded) and keeps a long-running service's files bounded too.
 */
public final class Logs {
    private Logs() {}

    /** The last bytes of stdout then stderr, each at most half of {@code size_bytes_max}, labelled. */
    public static String tail(Path result_dir, int size_bytes_max) {
        int each = Math.max(1, size_bytes_max / 2);
        StringBuilder out = new StringBuilder();
        for (String stream : new String[] {"stdout", "stderr"}) {
            String text = tailOf(result_dir.resolve(stream), each);
            if (!text.isEmpty()) {
                out.append("==> ").append(stream).append(" <==\n").append(text);
                if (!text.endsWith("\n")) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    static String tailOf(Path file, int size_bytes_max) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - size_bytes_max);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Keeps an append-only log under {@code size_bytes_max}: its newest half is kept and the file
     * truncated in place. Safe while the workload writes, because it writes with O_APPEND.
     */
    public static void bound(Path file, long size_bytes_max) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) <= size_bytes_max) {
                return;
            }
            String kept = tailOf(file, (int) Math.min(Integer.MAX_VALUE, size_bytes_max / 2));
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(0);
                raf.write(("[... older output dropped at " + size_bytes_max + " bytes ...]\n" + kept).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // Best effort: a log that cannot be trimmed now is trimmed at the next tick.
        }
    }
}
