package dcloud.compute.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A job's {@code /out}: an in-memory file system (jimfs) of its own, so the module can reach no host
 * path at all (Chicory's WASI hands the preopened {@link Path} straight to {@link Files}; a host
 * directory would leave symlinks, sparse files and disk use to Chicory's checks). Its content is capped
 * by the file system's own size limit ({@code bytesMax}, counted in whole blocks), links are not
 * supported, and the number of entries is capped by wrapping the WASI calls that create them. At the
 * end {@link #copyTo} writes regular files and directories to the host result directory.
 */
final class OutDir implements Closeable {
    static final int ENTRIES_MAX = 10_000;
    static final int PATH_BYTES_MAX = 4096;
    private static final int WASI_ENAMETOOLONG = 37;
    private static final int WASI_ENOSPC = 51;
    private static final int WASI_OFLAGS_CREAT = 1;

    private final FileSystem fs;
    private final Path root;
    private int entries;

    OutDir(long bytesMax) throws IOException {
        int block_size = (int) Math.min(4096, bytesMax);
        Configuration config = Configuration.unix().toBuilder()
                .setBlockSize(block_size)
                .setMaxSize(bytesMax / block_size * block_size)
                .setMaxCacheSize(0)
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setSupportedFeatures(Feature.FILE_CHANNEL, Feature.SECURE_DIRECTORY_STREAM)
                .setWorkingDirectory("/")
                .build();
        this.fs = Jimfs.newFileSystem("dcloud-wasm-" + UUID.randomUUID(), config);
        this.root = fs.getPath("/out");
        Files.createDirectory(root);
    }

    /** The directory to preopen as the guest's {@code /out}. */
    Path root() {
        return root;
    }

    /**
     * The WASI functions with {@code path_open} (when it may create) and {@code path_create_directory}
     * wrapped: paths longer than {@link #PATH_BYTES_MAX} get ENAMETOOLONG, and past
     * {@link #ENTRIES_MAX} entries, ENOSPC.
     */
    HostFunction[] guard(HostFunction[] wasi) {
        HostFunction[] guarded = wasi.clone();
        for (int i = 0; i < guarded.length; i++) {
            ImportFunction f = guarded[i];
            switch (f.name()) {
                // path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd_out)
                case "path_open" -> guarded[i] = new HostFunction(f.module(), f.name(), f.functionType(), (instance, args) -> {
                    if ((args[4] & WASI_OFLAGS_CREAT) == 0) {
                        return f.handle().apply(instance, args);
                    }
                    return creating(args[3], () -> f.handle().apply(instance, args));
                });
                // path_create_directory(fd, path, path_len)
                case "path_create_directory" -> guarded[i] = new HostFunction(f.module(), f.name(), f.functionType(),
                        (instance, args) -> creating(args[2], () -> f.handle().apply(instance, args)));
                default -> { }
            }
        }
        return guarded;
    }

    private interface Call {
        long[] run();
    }

    private long[] creating(long path_len, Call call) {
        if (path_len > PATH_BYTES_MAX) {
            return new long[] {WASI_ENAMETOOLONG};
        }
        if (entries >= ENTRIES_MAX) {
            entries = countEntries(); // the counter only goes up (opening an existing file counts too): recount
            if (entries >= ENTRIES_MAX) {
                return new long[] {WASI_ENOSPC};
            }
        }
        long[] result = call.run();
        if (result != null && result.length > 0 && result[0] == 0) {
            entries++;
        }
        return result;
    }

    private int countEntries() {
        try (Stream<Path> all = Files.walk(root)) {
            return (int) Math.min(Integer.MAX_VALUE, all.count() - 1);
        } catch (IOException | RuntimeException e) {
            return ENTRIES_MAX;
        }
    }

    /** What {@link #copyTo} did. */
    record Copied(long files, long bytes, long skipped) {}

    /**
     * Copies regular files and directories (never links, which are not supported anyway) below
     * {@code /out} into {@code target}, at most {@code bytesMax} bytes of file content in all. Entries
     * the host cannot name, or past the byte limit, are skipped and counted.
     */
    Copied copyTo(Path target, long bytesMax) throws IOException {
        long[] files = {0}, bytes = {0}, skipped = {0};
        Files.createDirectories(target);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                Path host = hostPath(target, dir);
                try {
                    if (host == null) {
                        throw new IOException("unnamable");
                    }
                    Files.createDirectory(host);
                    return FileVisitResult.CONTINUE;
                } catch (IOException e) {
                    skipped[0]++;
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path host = hostPath(target, file);
                if (host == null || !attrs.isRegularFile() || attrs.size() > bytesMax - bytes[0]) {
                    skipped[0]++;
                    return FileVisitResult.CONTINUE;
                }
                try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(host, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    bytes[0] += in.transferTo(out);
                    files[0]++;
                } catch (IOException e) {
                    skipped[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return new Copied(files[0], bytes[0], skipped[0]);
    }

    /** The host path of a jimfs path below the root, built name by name; null if the host cannot name it. */
    private Path hostPath(Path target, Path inside) {
        Path host = target;
        for (Path name : root.relativize(inside)) {
            String text = name.toString();
            if (text.isEmpty() || text.equals(".") || text.equals("..") || text.indexOf('/') >= 0 || text.indexOf('\0') >= 0) {
                return null;
            }
            try {
                host = host.resolve(text);
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return host.startsWith(target) ? host : null;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
