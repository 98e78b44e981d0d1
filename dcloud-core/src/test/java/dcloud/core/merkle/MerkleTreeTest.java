package dcloud.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    @Test
    void everyLeafOfTreesOfManySizesProvesAgainstTheRoot() {
        Random random = new Random(3);
        for (int size : new int[] {0, 1, 1024, 1025, 3 * 1024, 5 * 1024 + 7, 64 * 1024, 100_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] root = MerkleTree.root(data);
            int leaves = MerkleTree.leafCount(size);
            for (int i = 0; i < leaves; i++) {
                int start = i * MerkleTree.LEAF_SIZE_BYTES;
                byte[] leaf = Arrays.copyOfRange(data, start, Math.min(size, start + MerkleTree.LEAF_SIZE_BYTES));
                List<byte[]> proof = MerkleTree.proof(data, i);
                assertThat(MerkleTree.verify(root, leaves, i, leaf, proof)).as("size %d leaf %d", size, i).isTrue();
            }
        }
    }

    @Test
    void aFlippedByteAWrongIndexOrAForeignProofFails() {
        byte[] data = new byte[10 * 1024];
        new Random(4).nextBytes(data);
        byte[] root = MerkleTree.root(data);
        byte[] leaf = Arrays.copyOfRange(data, 3 * 1024, 4 * 1024);
        List<byte[]> proof = MerkleTree.proof(data, 3);
        assertThat(MerkleTree.verify(root, 10, 3, leaf, proof)).isTrue();
        leaf[100] ^= 1;
        assertThat(MerkleTree.verify(root, 10, 3, leaf, proof)).isFalse();
        leaf[100] ^= 1;
        assertThat(MerkleTree.verify(root, 10, 4, leaf, proof)).isFalse();
        assertThat(MerkleTree.verify(root, 10, 3, leaf, MerkleTree.proof(data, 2))).isFalse();
        assertThat(MerkleTree.verify(root, 10, 3, leaf, proof.subList(1, proof.size()))).isFalse();
        data[0] ^= 1;
        assertThat(MerkleTree.root(data)).isNotEqualTo(root);
    }

    /**
     * Roots are committed on-ledger, so their format may never drift. The expected values were
     * computed outside Java (Python hashlib) from the RFC 6962 definition in the class comment.
     */
    @org.junit.jupiter.api.Test
    void rootsMatchAnIndependentRfc6962ComputationForFixedInputs() {
        java.util.Map<Integer, String> expected = new java.util.LinkedHashMap<>();
        expected.put(0, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        expected.put(1, "2ecd8a6b7d2845546659ad4cf443533cf921b19dc81fa83934e83821b4dfdcb7");
        expected.put(1024, "1d1d12d428782389f766625eed35bc912ed2f5904edc7206a1116e2b349b2f2e");
        expected.put(1025, "c52ddc762aab05467c8d7aec89018bc5f0e69c3d9a01074a7ac5a3868d0f65b4");
        expected.put(5 * 1024 + 7, "17196711b7d46415302a78fec61b0b675d03708d2b66e7704aa02b85be17f23c");
        expected.forEach((size, root_hex) -> {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
            assertThat(dcloud.core.bytes.Hex.encode(MerkleTree.root(data))).as("size %d", size).isEqualTo(root_hex);
        });
    }
}
