package dcloud.cli.storage;

import dcloud.cli.Cli;
import dcloud.cli.keys.KeyStore;
import dcloud.storage.client.LedgerAccess;
import dcloud.storage.client.ObjectIndex;
import dcloud.storage.client.Progress;
import dcloud.storage.client.StorageClient;
import dcloud.storage.client.StorageKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * One storage command's client: the signing key's account, its keys from the mnemonic, and its
 * object index in HOME/storage/ACCOUNT (one index per account).
 */
final class StorageSession implements AutoCloseable {
    final LedgerAccess ledger;
    final ObjectIndex index;
    final StorageClient client;

    StorageSession(Cli cli, int segment_size_bytes) throws IOException {
        KeyStore.StoredKey key = cli.signingKey();
        KeyStore.StoredKey.Derived derived = key.derive();
        this.ledger = new LedgerAccess(cli.node(), derived.accountKey());
        this.index = new ObjectIndex(cli.home().resolve("storage").resolve(key.account()).resolve("index"));
        this.client = new StorageClient(ledger, index, new StorageKeys(derived.seed()), segment_size_bytes);
    }

    /**
     * Cancels the contracts of puts a killed CLI left open (see {@link StorageClient#reclaimInterrupted})
     * and says so on stderr. Commands that change what is stored call it first.
     */
    void reclaimInterrupted(PrintWriter err) throws IOException, dcloud.storage.client.StorageException {
        int reclaimed = client.reclaimInterrupted();
        if (reclaimed > 0) {
            err.println("dcloud: cancelled the " + reclaimed + " storage contracts of an interrupted put (their unearned escrow is refunded)");
        }
    }

    /** A progress bar on stderr when a person is watching, nothing otherwise. */
    static Progress progress(String label, long total_bytes) {
        if (System.console() == null || total_bytes <= 0) {
            return new Progress(total_bytes, done -> { });
        }
        PrintStream err = System.err;
        long[] last_percent = {-1};
        return new Progress(total_bytes, done -> {
            long percent = Math.min(100, done * 100 / total_bytes);
            synchronized (last_percent) {
                if (percent != last_percent[0]) {
                    last_percent[0] = percent;
                    int filled = (int) (percent * 30 / 100);
                    err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + percent + "%");
                    if (percent == 100) {
                        err.println();
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        index.close();
    }
}
