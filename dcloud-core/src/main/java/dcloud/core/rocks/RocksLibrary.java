package dcloud.core.rocks;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's native library from a kept copy. RocksJava's own loader extracts the 15 MB
 * library from its jar into a new temporary file in every process, which cost every CLI command
 * about 0.1 s, and deletes it only on a normal exit, so every node stopped by kill -9 left 15 MB
 * behind in /tmp. Here the library is extracted once into the user's cache directory
 * ({@code $XDG_CACHE_HOME/dcloud}, else {@code ~/.cache/dcloud}), in a folder named by the jar
 * entry's CRC-32 and size so that another RocksDB version never meets a stale copy, written under
 * a temporary name and renamed, so that concurrent first runs never load a half-written file.
 *
 * <p>When the copy cannot be made (no writable home, say), RocksJava's own loader runs instead:
 * slower, not wrong.
 */
public final class RocksLibrary {
    private static boolean loaded;
    /** The kept copy the library was loaded from; null when RocksJava's own loader ran. */
    private static Path loaded_from;

    private RocksLibrary() {}

    /** Loads the library once per process; every class that opens RocksDB calls this first. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            Path copy = cachedCopy(cacheDirectory());
            RocksDB.loadLibrary(List.of(copy.getParent().toString()));
            loaded_from = copy;
        } catch (IOException | UnsatisfiedLinkError e) {
            // The kept copy is only a shortcut; RocksJava's own loader extracts a fresh one.
            RocksDB.loadLibrary();
        }
        loaded = true;
    }

    /** Where the library was loaded from: the kept copy, or null when RocksJava's own loader ran (or nothing loaded yet). */
    public static synchronized Path loadedFrom() {
        return loaded_from;
    }

    static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dcloud");
    }

    /**
     * The kept copy of this platform's library under {@code cache_dir}, extracted from the jar when
     * it is missing or has the wrong size.
     */
    static Path cachedCopy(Path cache_dir) throws IOException {
        String name = Environment.getJniLibraryFileName("rocksdb");
        // RocksDB.loadLibrary(paths) loads getJniLibraryFileName("rocksdbjni") from each path
        // (librocksdbjnijni-linux64.so, say): the copy is kept under that name.
        String copy_name = Environment.getJniLibraryFileName("rocksdbjni");
        URL resource = RocksDB.class.getResource("/" + name);
        if (resource == null) {
            throw new IOException("the RocksDB jar holds no " + name + " for this platform");
        }
        URLConnection connection = resource.openConnection();
        connection.setUseCaches(false);
        long size_bytes = connection.getContentLengthLong();
        long crc = connection instanceof JarURLConnection jar ? jar.getJarEntry().getCrc() : -1;
        if (size_bytes <= 0) {
            throw new IOException("cannot tell the size of " + resource);
        }
        Path dir = cache_dir.resolve(String.format(Locale.ROOT, "rocksdbjni-%08x-%d", crc, size_bytes));
        Path copy = dir.resolve(copy_name);
        if (Files.isRegularFile(copy) && Files.size(copy) == size_bytes) {
            return copy;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, copy_name, ".partial");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(partial) != size_bytes) {
                throw new IOException("extracted " + Files.size(partial) + " of " + size_bytes + " bytes of " + name);
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }
}
