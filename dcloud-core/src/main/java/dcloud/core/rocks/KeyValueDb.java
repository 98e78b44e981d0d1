package dcloud.core.rocks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A RocksDB with only the default column family in a directory of its own, with the two ways this
 * project writes to one: {@link #synced} (fsynced before the call returns: an acknowledged piece,
 * an object's manifest, a node's claim to payment) and {@link #logged} (in RocksDB's log, which
 * survives the process dying but not an OS crash). The piece index, the egress journal and the
 * client's object index are each one; the ledger's store has column families of its own.
 */
public final class KeyValueDb implements AutoCloseable {
    static {
        RocksLibrary.load();
    }

    private final Options options;
    public final RocksDB db;
    public final WriteOptions synced;
    public final WriteOptions logged;

    private KeyValueDb(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.synced = new WriteOptions().setSync(true);
        this.logged = new WriteOptions();
    }

    /**
     * Opens (creating when missing) the database in {@code dir}. A failure is an IOException that
     * names {@code what} and the directory, followed by {@code hint} when it is not empty.
     */
    public static KeyValueDb open(Path dir, String what, String hint) throws IOException {
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new KeyValueDb(options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the " + what + " in " + dir + ": " + e.getMessage() + (hint.isEmpty() ? "" : " " + hint), e);
        }
    }

    @Override
    public void close() {
        db.close();
        synced.close();
        logged.close();
        options.close();
    }
}
