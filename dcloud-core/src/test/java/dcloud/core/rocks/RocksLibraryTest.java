package dcloud.core.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksLibraryTest {
    @TempDir
    Path cache;

    @Test
    void extractsTheLibraryOnceAndKeepsIt() throws Exception {
        Path copy = RocksLibrary.cachedCopy(cache);
        assertThat(copy).startsWith(cache).isRegularFile();
        assertThat(Files.size(copy)).isGreaterThan(1_000_000);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, written);
        assertThat(RocksLibrary.cachedCopy(cache)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("a good copy is not written again").isEqualTo(written);
        try (var left = Files.list(copy.getParent())) {
            assertThat(left).as("no partial file is left behind").containsExactly(copy);
        }
    }

    @Test
    void replacesATruncatedCopy() throws Exception {
        Path copy = RocksLibrary.cachedCopy(cache);
        long size_bytes = Files.size(copy);
        Files.write(copy, new byte[1000]);
        assertThat(RocksLibrary.cachedCopy(cache)).isEqualTo(copy);
        assertThat(Files.size(copy)).isEqualTo(size_bytes);
    }

    @Test
    void loadsALibraryThatOpensADatabase(@TempDir Path db_dir) throws Exception {
        RocksLibrary.load();
        assertThat(RocksLibrary.loadedFrom()).as("loaded from the kept copy").isNotNull().startsWith(RocksLibrary.cacheDirectory());
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, db_dir.toString())) {
            db.put("k".getBytes(), "v".getBytes());
            assertThat(db.get("k".getBytes())).isEqualTo("v".getBytes());
        }
    }
}
