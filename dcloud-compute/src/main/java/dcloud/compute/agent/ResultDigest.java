package dcloud.compute.agent;

import dcloud.core.crypto.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A batch job's result: {@code stdout}, {@code stderr} and the files under {@code out/}. Its digest
 * is SHA-256 over, for each file in sorted path order, {@code path ‖ 0 ‖ size ‖ SHA-256(content)},
 * so two providers that computed the same thing post the same hash, whatever their file systems'
 * timestamps or order. The archive developers download is a zip of the same files.
 */
public final class ResultDigest {
    public static final int FILES_MAX = 10_000;

    private ResultDigest() {}

    static List<String> files(Path result_dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String stream : List.of("stderr", "stdout")) {
            if (Files.isRegularFile(result_dir.resolve(stream), LinkOption.NOFOLLOW_LINKS)) {
                out.add(stream);
            }
        }
        Path out_dir = result_dir.resolve("out");
        if (Files.isDirectory(out_dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(out_dir)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).limit(FILES_MAX)
                        .forEach(p -> out.add(result_dir.relativize(p).toString().replace('\\', '/')));
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    public static byte[] of(Path result_dir) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        for (String name : files(result_dir)) {
            byte[] content = Files.readAllBytes(result_dir.resolve(name));
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(java.nio.ByteBuffer.allocate(8).putLong(content.length).array());
            digest.update(Sha256.hash(content));
        }
        return digest.digest();
    }

    /** The result's files as a zip, in sorted order. */
    public static byte[] zip(Path result_dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : files(result_dir)) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(result_dir.resolve(name)));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Unpacks a result zip into {@code out_dir}, refusing entries that would land outside it, and
     * bounded in total size. Returns the digest of what was unpacked.
     */
    public static byte[] unzip(byte[] zip_bytes, Path out_dir, long size_bytes_max) throws IOException {
        Files.createDirectories(out_dir);
        Path root = out_dir.toAbsolutePath().normalize();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(zip_bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || entry.isDirectory()) {
                    throw new IOException("result archive entry '" + entry.getName() + "' points outside the output directory");
                }
                Files.createDirectories(target.getParent());
                byte[] content = readBounded(zip, size_bytes_max - total);
                total += content.length;
                Files.write(target, content);
            }
        }
        return of(out_dir);
    }

    private static byte[] readBounded(InputStream in, long left) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, left + 1));
        if (content.length > left) {
            throw new IOException("result archive unpacks to more than the allowed size");
        }
        return content;
    }
}
