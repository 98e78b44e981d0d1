package dcloud.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AccountTest {
    private static Account randomAccount(Random random, boolean with_subaccount) {
        byte[] owner = new byte[32];
        random.nextBytes(owner);
        byte[] sub = new byte[32];
        if (with_subaccount) {
            sub[31] = (byte) (1 + random.nextInt(200));
            sub[20] = (byte) random.nextInt(256);
        }
        return Account.of(owner, sub);
    }

    @Test
    void textRoundTripsWithAndWithoutSubaccount() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Account account = randomAccount(random, i % 2 == 0);
            assertThat(Account.parse(account.toText())).isEqualTo(account);
        }
        Account plain = randomAccount(random, false);
        assertThat(plain.toText()).startsWith("dc").hasSize(60).doesNotContain(".");
    }

    @Test
    void rejectsEverySingleCharacterTypo() {
        long seed = 11;
        Random random = new Random(seed);
        Account account = randomAccount(random, false);
        String text = account.toText();
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (int position = 2; position < text.length(); position++) {
            char replacement = alphabet.charAt((alphabet.indexOf(text.charAt(position)) + 1 + random.nextInt(31)) % 32);
            String typo = text.substring(0, position) + replacement + text.substring(position + 1);
            assertThatThrownBy(() -> Account.parse(typo)).as("seed %d position %d", seed, position)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void namesTheRuleOnBadText() {
        assertThatThrownBy(() -> Account.parse("xx1234")).hasMessageContaining("must start with 'dc'");
        assertThatThrownBy(() -> Account.parse("dcabc")).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> Account.parse("dc!!")).hasMessageContaining("invalid character");
        Account with_sub = randomAccount(new Random(3), true);
        String text = with_sub.toText();
        String wrong_sub = text.substring(0, text.length() - 1) + (text.endsWith("1") ? "2" : "1");
        assertThatThrownBy(() -> Account.parse(wrong_sub)).hasMessageContaining("checksum");
    }
}
