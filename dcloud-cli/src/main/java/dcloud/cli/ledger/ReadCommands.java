package dcloud.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Read-only commands: status, balance, token, allowance, block, tx, history. All take --json. */
public final class ReadCommands {
    private ReadCommands() {}

    static String dct(JsonNode e9s) {
        return Amount.display(e9s.asLong());
    }

    @Command(name = "status", description = "Chain head, state hash, leader and validators.")
    public static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode s = cli.node().status();
            cli.print(s, "chain:      " + s.path("chain_id").asText() + " (" + s.path("network").asText() + ")\nnode:       "
                    + s.path("node_id").asText() + " (" + s.path("role").asText() + ")\nheight:     " + s.path("height").asLong()
                    + "\nblock hash: " + s.path("last_block_hash").asText() + "\nstate hash: " + s.path("state_hash").asText()
                    + "\nleader:     " + s.path("leader").asText() + "\nvalidators: " + s.path("validators").size()
                    + "\nmempool:    " + s.path("mempool_size").asLong());
            return 0;
        }
    }

    @Command(name = "balance", description = "Balance of an account (default: your signing key's).")
    public static final class Balance implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ACCOUNT", arity = "0..1", description = "account text or key name") String account;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(account);
            JsonNode b = cli.node().balance(target.toText());
            cli.print(b, dct(b.path("e9s")));
            return 0;
        }
    }

    @Command(name = "token", description = "Token metadata and supply: fee, total supply, minted, burned.")
    public static final class Token implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode t = cli.node().token();
            cli.print(t, t.path("name").asText() + " (" + t.path("symbol").asText() + "), " + t.path("decimals").asInt() + " decimals"
                    + "\nfee:          " + dct(t.path("fee_e9s")) + "\ntotal supply: " + dct(t.path("total_supply_e9s"))
                    + "\nminted:       " + dct(t.path("minted_e9s")) + "\nburned:       " + dct(t.path("burned_e9s"))
                    + "\nsupply cap:   " + dct(t.path("supply_cap_e9s")));
            return 0;
        }
    }

    @Command(name = "allowance", description = "ICRC-2 allowance that OWNER gave SPENDER.")
    public static final class Allowance implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "OWNER") String owner;
        @Parameters(index = "1", paramLabel = "SPENDER") String spender;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode a = cli.node().allowance(cli.account(owner).toText(), cli.account(spender).toText());
            cli.print(a, dct(a.path("allowance_e9s")) + (a.path("expires_at").isNull() ? "" : " (expires at " + a.path("expires_at").asLong() + " ns)"));
            return 0;
        }
    }

    @Command(name = "block", description = "A block by height ('latest' for the head).")
    public static final class BlockCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "HEIGHT") String height;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode b = cli.node().block(height);
            StringBuilder human = new StringBuilder("height:    " + b.path("height").asLong() + "\nhash:      " + b.path("hash").asText()
                    + "\nparent:    " + b.path("parent_hash").asText() + "\ntimestamp: " + java.time.Instant.ofEpochSecond(0, b.path("timestamp").asLong())
                    + "\ntxs:       " + b.path("txs").size());
            for (JsonNode tx : b.path("txs")) {
                human.append("\n  ").append(tx.path("hash").asText()).append(' ').append(tx.path("kind").asText()).append(' ')
                        .append(tx.path("status").asText());
            }
            cli.print(b, human.toString());
            return 0;
        }
    }

    @Command(name = "tx", description = "A transaction by hash, with its outcome.")
    public static final class Tx implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "HASH") String hash;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode t = cli.node().tx(hash);
            cli.print(t, TxCommands.describe(t));
            return 0;
        }
    }

    @Command(name = "history", description = "Transactions touching an account, newest first.")
    public static final class History implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account;
        @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE}, at most 1000)") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode h = cli.node().history(cli.account(account).toText(), limit);
            StringBuilder human = new StringBuilder();
            for (JsonNode tx : h.path("txs")) {
                human.append(TxCommands.describe(tx)).append("\n\n");
            }
            cli.print(h, human.isEmpty() ? "no transactions" : human.toString().stripTrailing());
            return 0;
        }
    }
}
