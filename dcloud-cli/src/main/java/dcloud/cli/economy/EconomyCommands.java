package dcloud.cli.economy;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.Punish;
import dcloud.ledger.tx.RegisterUser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** params, user register, pay, reputation show|punish, rewards, treasury. */
public final class EconomyCommands {
    private EconomyCommands() {}

    @Command(name = "params", description = "Every ledger parameter with its value, default, range and meaning.")
    public static final class Params implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode params = cli.node().get("/api/v1/params");
            StringBuilder human = new StringBuilder();
            for (JsonNode p : params.path("params")) {
                human.append(String.format("%-30s %-16s (default %s, %s..%s)%n    %s%n", p.path("name").asText(), p.path("value").asText(),
                        p.path("default").asText(), p.path("min").asText(), p.path("max").asText(), p.path("help").asText()));
            }
            cli.print(params, human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "user", description = "Register as a user (developer): 'dcloud user register --name NAME [--email E]'.",
            subcommands = {UserRegister.class})
    public static final class User {}

    @Command(name = "register", description = "Register your key as a user (costs the current reward / 100, paid to the treasury).")
    static final class UserRegister implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--email", defaultValue = "") String email;

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new RegisterUser(name, email), "Registered user '" + name + "'");
        }
    }

    @Command(name = "pay", description = "Pay a provider: 2%% goes to the treasury and burn, both reputations grow by 1%%.")
    public static final class PayCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROVIDER") String provider;
        @Parameters(index = "1", paramLabel = "AMOUNT") String amount;
        @Option(names = "--memo") String memo;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(provider);
            long e9s = Amount.parseDct(amount);
            return cli.submit(new Pay(target.owner(), e9s, dcloud.cli.ledger.TxCommands.memo(memo)), "Paid " + Amount.display(e9s) + " to " + target.ownerAccount());
        }
    }

    @Command(name = "reputation", description = "Show reputation and its history, or spend yours to punish someone.",
            subcommands = {ReputationShow.class, ReputationPunish.class})
    public static final class ReputationCmd {}

    @Command(name = "show", description = "Score and every change with its cause.")
    static final class ReputationShow implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account;
        @Option(names = "--limit", defaultValue = "20") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode r = cli.node().get("/api/v1/reputation/" + cli.account(account).ownerAccount().toText() + "?limit=" + limit);
            StringBuilder human = new StringBuilder("reputation " + r.path("reputation").asText() + " of " + r.path("account").asText());
            for (JsonNode event : r.path("history")) {
                human.append(String.format("%n  height %-8s %-10s %-17s %s%s", event.path("height").asText(), event.path("delta").asText(),
                        event.path("cause").asText(), event.path("reason").asText(),
                        event.path("counterparty").isNull() ? "" : " (" + event.path("counterparty").asText() + ")"));
            }
            cli.print(r, human.toString());
            return 0;
        }
    }

    @Command(name = "punish", description = "Spend AMOUNT of your reputation to cut ACCOUNT's by AMOUNT x punish_multiplier.")
    static final class ReputationPunish implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ACCOUNT") String account;
        @Parameters(index = "1", paramLabel = "AMOUNT", description = "reputation to spend, e.g. 0.5") String amount;
        @Option(names = "--reason", required = true, description = "why, for everyone to read") String reason;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(account);
            long units = Amount.parseDct(amount);
            return cli.submit(new Punish(target.owner(), units, reason), "Spent " + Amount.formatDct(units) + " reputation against " + target.ownerAccount());
        }
    }

    @Command(name = "rewards", description = "The current reward epoch, and the last closed one with each participant's share.")
    public static final class RewardsCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--epoch", description = "a closed epoch to show (default: the last one)") Long epoch;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode r = cli.node().get("/api/v1/rewards" + (epoch == null ? "" : "?epoch=" + epoch));
            StringBuilder human = new StringBuilder("epoch " + r.path("epoch").asLong() + ": reward " + r.path("reward_dct").asText()
                    + " DCT, carried in " + r.path("carry_dct").asText() + " DCT, check-in fee " + r.path("fee_dct").asText()
                    + " DCT, checked in: " + r.path("checked_in").size());
            JsonNode closed = r.path("closed_epoch");
            if (!closed.isMissingNode()) {
                human.append("\nepoch ").append(closed.path("epoch").asLong()).append(" (closed): pot ").append(closed.path("pot_dct").asText())
                        .append(" DCT, paid ").append(closed.path("distributed_dct").asText()).append(" DCT, carried over ")
                        .append(closed.path("carry_out_dct").asText()).append(" DCT");
                for (JsonNode share : closed.path("participants")) {
                    human.append(String.format("%n  %s weight %s: %s DCT", share.path("account").asText(), share.path("weight").asText(),
                            share.path("share_dct").asText()));
                }
            }
            cli.print(r, human.toString());
            return 0;
        }
    }

    @Command(name = "treasury", description = "The DAO treasury's account and balance.")
    public static final class TreasuryCmd implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode t = cli.node().get("/api/v1/treasury");
            cli.print(t, t.path("dct").asText() + " DCT in " + t.path("account").asText());
            return 0;
        }
    }
}
