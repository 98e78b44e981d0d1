package dcloud.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import java.util.OptionalLong;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignedTxTest {
    private static final KeyPair ALICE = KeyPair.fromPrivateKey(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    private static final Account BOB = Account.of(LedgerFixture.key(5).publicKey());

    private static SignedTx goldenTransfer() {
        return SignedTx.sign(ALICE, "dcloud-devnet", 1_700_000_000_000_000_000L,
                new Transfer(null, BOB, 1_250_000_000L, OptionalLong.of(1_000_000L), "hi".getBytes()));
    }

    /** Golden vector: if this changes, every signed tx in the wild stops verifying. Change only with a new VERSION. */
    @Test
    void encodesTheGoldenTransferExactly() {
        SignedTx tx = goldenTransfer();
        String unsigned_hex = "01" + "0000000d" + Hex.encode("dcloud-devnet".getBytes())
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
                + "17979cfe362a0000" + "01" + "00" + Hex.encode(BOB.toBytes())
                + "000000004a817c80" + "01" + "00000000000f4240" + "00000002" + "6869";
        assertThat(Hex.encode(tx.bytes())).startsWith(unsigned_hex).hasSize(unsigned_hex.length() + 128);
        assertThat(tx.hashHex()).isEqualTo(Hex.encode(dcloud.core.crypto.Sha256.hash(Hex.decode(unsigned_hex))));
        assertThat(tx.hashHex()).isEqualTo(GOLDEN_HASH);
        assertThat(tx.verifySignature()).isTrue();
    }

    private static final String GOLDEN_HASH = "3783906c460c10158cedd90113b1c33172d8eae2ef7382c910ac057a97fbaed0";

    @Test
    void decodesWhatItEncodesForEveryKind() throws DecodeException {
        SignedTx approve = SignedTx.sign(ALICE, "c", 5, new Approve(new byte[32], BOB, 9, OptionalLong.of(0),
                OptionalLong.of(77), OptionalLong.empty(), new byte[0]));
        SignedTx from = SignedTx.sign(ALICE, "c", 5, new TransferFrom(null, BOB, Account.of(ALICE.publicKey()), 3,
                OptionalLong.empty(), new byte[32]));
        for (SignedTx tx : new SignedTx[] {goldenTransfer(), approve, from}) {
            SignedTx again = SignedTx.decode(tx.bytes());
            assertThat(again.bytes()).isEqualTo(tx.bytes());
            assertThat(again.body().kind()).isEqualTo(tx.body().kind());
            assertThat(again.verifySignature()).isTrue();
        }
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] bytes = goldenTransfer().bytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> SignedTx.decode(truncated)).isInstanceOf(DecodeException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SignedTx.decode(longer)).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> SignedTx.decode(new byte[SignedTx.ANY_KIND_SIZE_BYTES_MAX + 1])).hasMessageContaining("exceeds the limit");
    }

    @Test
    void onlyProofBatchesMayExceedTheOrdinaryFourKibLimit() {
        byte[] padded_transfer = java.util.Arrays.copyOf(goldenTransfer().bytes(), SignedTx.SIZE_BYTES_MAX + 1);
        assertThatThrownBy(() -> SignedTx.decode(padded_transfer)).hasMessageContaining("exceeds the limit of 4096 for transfer");
        byte[] leaf = new byte[ProveStorage.LEAF_SIZE_BYTES_MAX];
        List<byte[]> path = java.util.Collections.nCopies(26, new byte[32]);
        List<ProveStorage.ContractProof> proofs = new java.util.ArrayList<>();
        for (int i = 0; i < ProveStorage.PROOFS_MAX; i++) {
            proofs.add(new ProveStorage.ContractProof(i, List.of(new ProveStorage.Leaf(leaf, path), new ProveStorage.Leaf(leaf, path))));
        }
        SignedTx full = SignedTx.sign(ALICE, "c", 5, new ProveStorage(3, proofs));
        assertThat(full.sizeBytes()).as("a full batch of the largest proofs fits").isBetween(SignedTx.SIZE_BYTES_MAX, ProveStorage.SIZE_BYTES_MAX);
        assertThat(((ProveStorage) full.body()).proofs()).hasSize(ProveStorage.PROOFS_MAX);
        proofs.add(proofs.get(0));
        assertThatThrownBy(() -> SignedTx.sign(ALICE, "c", 5, new ProveStorage(3, proofs))).hasMessageContaining("1 to 32 contracts per tx, got 33");
        assertThatThrownBy(() -> SignedTx.sign(ALICE, "c", 5, new ProveStorage(3, List.of()))).hasMessageContaining("got 0");
    }

    @Test
    void randomBytesNeverThrowAnythingButDecodeException() {
        long seed = 20261121L;
        Random random = new Random(seed);
        byte[] valid = goldenTransfer().bytes();
        for (int i = 0; i < 20_000; i++) {
            byte[] input = i % 2 == 0 ? new byte[random.nextInt(400)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(input);
            } else {
                input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                SignedTx tx = SignedTx.decode(input);
                assertThat(tx.verifySignature()).as("seed %d iteration %d: a flipped byte must break the signature", seed, i).isFalse();
            } catch (DecodeException expected) {
                assertThat(expected.getMessage()).as("seed %d", seed).isNotBlank();
            }
        }
    }

    @Test
    void aSignatureFromAnotherKeyOrChainDoesNotVerify() throws DecodeException {
        byte[] bytes = goldenTransfer().bytes();
        byte[] other = SignedTx.sign(LedgerFixture.key(9), "dcloud-devnet", 1, new Transfer(null, BOB, 1, OptionalLong.empty(), new byte[0])).bytes();
        System.arraycopy(other, other.length - 64, bytes, bytes.length - 64, 64);
        assertThat(SignedTx.decode(bytes).verifySignature()).isFalse();
    }
}
