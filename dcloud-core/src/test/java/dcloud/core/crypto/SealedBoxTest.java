package dcloud.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
    @Test
    void onlyTheRecipientsAccountKeyOpensWhatWasSealedToIt() {
        SecureRandom random = new SecureRandom();
        KeyPair developer = KeyPair.generate(random);
        SealedBox.AccessKey access = SealedBox.accessKeyFor(developer);
        assertThat(SealedBox.accessKeyFor(developer).publicKey()).as("derived, so the mnemonic restores it").isEqualTo(access.publicKey());
        byte[] sealed = SealedBox.seal(access.publicKey(), "ssh root@10.0.0.7 -p 2222".getBytes(StandardCharsets.UTF_8), random);
        assertThat(new String(SealedBox.open(access, sealed), StandardCharsets.UTF_8)).isEqualTo("ssh root@10.0.0.7 -p 2222");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("root@");
        assertThatThrownBy(() -> SealedBox.open(SealedBox.accessKeyFor(KeyPair.generate(random)), sealed)).hasMessageContaining("does not open");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> SealedBox.open(access, sealed)).hasMessageContaining("does not open");
    }
}
