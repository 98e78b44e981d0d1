package dcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.NodeClient;
import dcloud.cli.keys.KeyStore;
import dcloud.core.account.Account;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What every command needs: home, node client, keys, and output in human or JSON form. */
public final class Cli {
    private final Main main;

    private Cli(Main main) {
        this.main = main;
    }

    public static Cli of(CommandSpec spec) {
        return new Cli((Main) spec.root().userObject());
    }

    public Path home() {
        return main.home();
    }

    public boolean json() {
        return main.json;
    }

    public CliConfig config() throws IOException {
        return CliConfig.load(home());
    }

    public NodeClient node() throws IOException {
        if (main.node_url != null) {
            return new NodeClient(main.node_url);
        }
        String url = config().nodeUrl();
        return new NodeClient(url == null ? CliConfig.NODE_URL_DEFAULT : url);
    }

    public KeyStore keys() {
        return new KeyStore(home());
    }

    /** The signing key: --key, else the default key, else a clear error. */
    public KeyStore.StoredKey signingKey() throws IOException {
        String name = main.key != null ? main.key : config().defaultKey();
        if (name == null) {
            throw new IllegalArgumentException("no signing key: create one with 'dcloud keys new NAME' or pass --key NAME");
        }
        return keys().get(name);
    }

    /** Account text, or the name of a stored key, or (when empty) the signing key's account. */
    public Account account(String text) throws IOException {
        if (text == null) {
            return Account.parse(signingKey().account());
        }
        if (!text.startsWith(Account.PREFIX) && keys().exists(text)) {
            return Account.parse(keys().get(text).account());
        }
        try {
            return Account.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (nor is it the name of a stored key)");
        }
    }

    /** The tx signed with the signing key for this chain, created now. */
    private dcloud.ledger.tx.SignedTx sign(dcloud.ledger.tx.TxBody body) throws Exception {
        KeyStore.StoredKey key = signingKey();
        String chain_id = node().status().path("chain_id").asText();
        java.time.Instant now = java.time.Instant.now();
        return dcloud.ledger.tx.SignedTx.sign(key.keyPair(), chain_id, now.getEpochSecond() * 1_000_000_000L + now.getNano(), body);
    }

    /** Signs with the signing key, submits, waits for the commit and prints the outcome; 1 when the tx failed. */
    public int submit(dcloud.ledger.tx.TxBody body, String done) throws Exception {
        dcloud.ledger.tx.SignedTx tx = sign(body);
        JsonNode result = node().submit(tx);
        String status = result.path("status").asText();
        if (status.equals("committed")) {
            String created = result.has("detail") ? " (id " + result.path("detail").asLong() + ")" : "";
            print(result, done + created + " in block " + result.path("height").asLong() + "\ntx " + tx.hashHex());
            return 0;
        }
        String why = result.path("error").path("code").asText() + ": " + result.path("error").path("message").asText();
        print(result, status.equals("pending") ? "submitted, not yet committed: tx " + tx.hashHex() : "failed: " + why + "\ntx " + tx.hashHex());
        return status.equals("pending") ? 0 : 1;
    }

    /** Signs, submits and waits for the commit; returns the committed result or throws naming why it failed. */
    public JsonNode submitOrThrow(dcloud.ledger.tx.TxBody body) throws Exception {
        dcloud.ledger.tx.SignedTx tx = sign(body);
        JsonNode result = node().submit(tx);
        if (!result.path("status").asText().equals("committed")) {
            throw new IllegalStateException(body.kind().wireName() + " failed: " + result.path("error").path("code").asText() + ": "
                    + result.path("error").path("message").asText());
        }
        return result;
    }

    public void print(JsonNode json, String human) {
        System.out.println(json() ? json.toPrettyString() : human);
    }
}
