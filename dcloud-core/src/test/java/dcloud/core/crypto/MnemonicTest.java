package dcloud.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.bytes.Hex;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MnemonicTest {
    @Test
    void matchesTheBip39ReferenceVectors() {
        assertThat(Mnemonic.fromEntropy(new byte[16]))
                .isEqualTo("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
        byte[] sevens = new byte[16];
        java.util.Arrays.fill(sevens, (byte) 0x7f);
        assertThat(Mnemonic.fromEntropy(sevens))
                .isEqualTo("legal winner thank year wave sausage worth useful legal winner thank yellow");
        assertThat(Mnemonic.fromEntropy(new byte[32])).endsWith("abandon art").startsWith("abandon abandon");
        String phrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        assertThat(Hex.encode(Mnemonic.toSeed(phrase, "TREZOR"))).isEqualTo(
                "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    }

    @Test
    void generatedPhrasesHave24WordsAndValidate() {
        String phrase = Mnemonic.generate(new SecureRandom());
        assertThat(phrase.split(" ")).hasSize(24);
        assertThat(Mnemonic.validate("  " + phrase.toUpperCase() + " ")).isEqualTo(phrase);
    }

    @Test
    void rejectsAWrongChecksumAnUnknownWordAndAWrongCount() {
        assertThatThrownBy(() -> Mnemonic.validate("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> Mnemonic.validate("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonn"))
                .hasMessageContaining("word 12").hasMessageContaining("abandonn");
        assertThatThrownBy(() -> Mnemonic.validate("abandon about")).hasMessageContaining("12, 15, 18, 21 or 24 words");
    }
}
