package dcloud.chain.mempool;

import dcloud.ledger.SignatureCheck;
import dcloud.ledger.tx.SignedTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Remembers which exact tx bytes this process has verified, so the leader does not verify a tx
 * twice (once at admission, once in the block). Keys are the tx hash plus the signature bytes, so a
 * tx with the same body and another signature is verified afresh. Bounded (LRU).
 * {@link #verifyAll} checks a block's signatures in parallel before the single-threaded apply.
 */
public final class SignatureCache implements SignatureCheck {
    private final int entries_max;
    private final Map<String, Boolean> verified;

    public SignatureCache(int entries_max) {
        this.entries_max = entries_max;
        this.verified = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SignatureCache.this.entries_max;
            }
        };
    }

    @Override
    public boolean valid(SignedTx tx) {
        String key = key(tx);
        synchronized (verified) {
            if (verified.containsKey(key)) {
                return true;
            }
        }
        boolean ok = tx.verifySignature();
        if (ok) {
            synchronized (verified) {
                verified.put(key, Boolean.TRUE);
            }
        }
        return ok;
    }

    public void verifyAll(List<SignedTx> txs, ForkJoinPool pool) {
        if (txs.size() < 64) {
            txs.forEach(this::valid);
            return;
        }
        pool.submit(() -> txs.parallelStream().forEach(this::valid)).join();
    }

    private static String key(SignedTx tx) {
        byte[] bytes = tx.bytes();
        return tx.hashHex() + dcloud.core.bytes.Hex.encode(java.util.Arrays.copyOfRange(bytes, bytes.length - 64, bytes.length));
    }
}
