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
}
