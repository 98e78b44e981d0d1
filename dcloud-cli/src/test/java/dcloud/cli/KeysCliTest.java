package dcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCliTest {
    record Run(int code, String out, String err) {}

    static Run dcloud(Path home, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream out_bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream err_bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out_bytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err_bytes, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "--home";
            all[1] = home.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            return new Run(Main.run(all), out_bytes.toString(StandardCharsets.UTF_8), err_bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void importingTheMnemonicOnAFreshHomeGivesTheSameAccount(@TempDir Path first, @TempDir Path fresh) throws Exception {
        JsonNode created = new ObjectMapper().readTree(dcloud(first, "keys", "new", "alice", "--json").out());
        String mnemonic = created.path("mnemonic").asText();
        assertThat(mnemonic.split(" ")).hasSize(24);
        Run imported = dcloud(fresh, "keys", "import", "alice", "--mnemonic", mnemonic, "--json");
        assertThat(imported.code()).isZero();
        assertThat(new ObjectMapper().readTree(imported.out()).path("account").asText()).isEqualTo(created.path("account").asText());
        JsonNode shown = new ObjectMapper().readTree(dcloud(fresh, "keys", "show", "alice", "--json").out());
        assertThat(shown.path("account").asText()).isEqualTo(created.path("account").asText());
        assertThat(dcloud(fresh, "keys", "list").out()).contains("* alice");
    }

    @Test
    void rejectsAMistypedMnemonicADuplicateNameAndAMistypedAccount(@TempDir Path home) {
        Run bad = dcloud(home, "keys", "import", "x", "--mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("checksum does not match");
        dcloud(home, "keys", "new", "bob");
        assertThat(dcloud(home, "keys", "new", "bob").err()).contains("a key named 'bob' already exists");
        String account = dcloud(home, "keys", "show", "bob").out().lines().filter(l -> l.startsWith("account:")).findFirst().orElseThrow()
                .substring("account:".length()).trim();
        String typo = account.substring(0, 10) + (account.charAt(10) == 'a' ? 'b' : 'a') + account.substring(11);
        Run transfer = dcloud(home, "--node", "http://127.0.0.1:9", "balance", typo);
        assertThat(transfer.code()).isEqualTo(1);
        assertThat(transfer.err()).contains("wrong checksum");
        Run amount = dcloud(home, "--node", "http://127.0.0.1:9", "transfer", account, "1.0000000001");
        assertThat(amount.err()).contains("more than 9 decimals");
    }
}
