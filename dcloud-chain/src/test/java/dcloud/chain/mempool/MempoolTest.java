package dcloud.chain.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The mempool's bounds: a count of txs, and the bytes that count of ordinary 4 KiB txs would hold. */
class MempoolTest {
    static final KeyPair KEY = KeyPair.fromPrivateKey(new byte[32]);

    static SignedTx transfer(long e9s) {
        return SignedTx.sign(KEY, "c", 1, new Transfer(null, Account.of(KEY.publicKey()), e9s, OptionalLong.empty(), new byte[0]));
    }

    /** A proof batch of about 100 KiB (its proofs need not verify: the mempool does not apply txs). */
    static SignedTx proofBatch(long epoch) {
        List<ProveStorage.ContractProof> proofs = new ArrayList<>();
        List<byte[]> path = Collections.nCopies(20, new byte[32]);
        for (int i = 0; i < ProveStorage.PROOFS_MAX; i++) {
            ProveStorage.Leaf leaf = new ProveStorage.Leaf(new byte[ProveStorage.LEAF_SIZE_BYTES_MAX], path);
            proofs.add(new ProveStorage.ContractProof(i, List.of(leaf, leaf)));
        }
        return SignedTx.sign(KEY, "c", 1, new ProveStorage(epoch, proofs));
    }

    @Test
    void refusesTxsPastItsByteBoundEvenBelowItsCountBound() {
        Mempool mempool = new Mempool(30);
        assertThat(mempool.bytesMax()).isEqualTo(30 * SignedTx.SIZE_BYTES_MAX);
        assertThat(mempool.offer(transfer(1))).isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(mempool.offer(proofBatch(1))).as("a 100 KiB batch does not fit in 120 KiB beside a transfer, with room to spare")
                .isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(mempool.offer(proofBatch(2))).isEqualTo(Mempool.Admission.FULL);
        assertThat(mempool.size()).isEqualTo(2);
        long held = mempool.bytes();
        assertThat(mempool.take(1, Long.MAX_VALUE)).hasSize(1);
        assertThat(mempool.bytes()).as("taking frees the bytes").isLessThan(held);
        List<SignedTx> batch = mempool.take(1, Long.MAX_VALUE);
        assertThat(mempool.bytes()).isZero();
        mempool.requeue(batch);
        assertThat(mempool.bytes()).as("requeueing counts them again").isEqualTo(batch.get(0).sizeBytes());
    }

    @Test
    void anEmptyMempoolTakesOneTxLargerThanItsByteBound() {
        Mempool mempool = new Mempool(2);
        assertThat(mempool.offer(proofBatch(1))).as("8 KiB bound, 100 KiB batch, empty pool").isEqualTo(Mempool.Admission.ACCEPTED);
        assertThat(mempool.offer(transfer(1))).isEqualTo(Mempool.Admission.FULL);
    }
}
