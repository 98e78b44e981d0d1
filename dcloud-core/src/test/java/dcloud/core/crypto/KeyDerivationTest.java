package dcloud.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.bytes.Hex;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
    private static final byte[] SLIP10_SEED = Hex.decode("000102030405060708090a0b0c0d0e0f");

    @Test
    void matchesSlip10Ed25519TestVectorOne() {
        byte[] master = KeyDerivation.masterNode(SLIP10_SEED);
        assertThat(Hex.encode(java.util.Arrays.copyOf(master, 32)))
                .isEqualTo("2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7");
        assertThat(Hex.encode(java.util.Arrays.copyOfRange(master, 32, 64)))
                .isEqualTo("90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb");
        assertThat(Hex.encode(KeyDerivation.derivePrivateKey(SLIP10_SEED, new int[] {0})))
                .isEqualTo("68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3");
        assertThat(Hex.encode(KeyPair.fromPrivateKey(java.util.Arrays.copyOf(master, 32)).publicKey()))
                .isEqualTo("a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed");
    }

    @Test
    void theSameMnemonicAlwaysGivesTheSameAccountKey() {
        String phrase = Mnemonic.fromEntropy(new byte[32]);
        KeyPair first = KeyDerivation.accountKey(Mnemonic.toSeed(phrase, ""), 0);
        KeyPair again = KeyDerivation.accountKey(Mnemonic.toSeed(phrase, ""), 0);
        KeyPair other = KeyDerivation.accountKey(Mnemonic.toSeed(phrase, ""), 1);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void signsAndVerifiesTheRfc8032VectorOne() {
        KeyPair pair = KeyPair.fromPrivateKey(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(Hex.encode(pair.publicKey())).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] signature = pair.sign(new byte[0]);
        assertThat(Hex.encode(signature)).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(KeyPair.verify(pair.publicKey(), new byte[0], signature)).isTrue();
        signature[0] ^= 1;
        assertThat(KeyPair.verify(pair.publicKey(), new byte[0], signature)).isFalse();
        assertThat(KeyPair.verify(pair.publicKey(), new byte[1], pair.sign(new byte[0]))).isFalse();
    }
}
