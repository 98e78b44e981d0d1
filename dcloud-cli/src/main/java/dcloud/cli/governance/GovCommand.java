package dcloud.cli.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.tx.Delegate;
import dcloud.ledger.tx.Propose;
import dcloud.ledger.tx.Vote;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud gov propose|vote|delegate|list|show. */
@Command(name = "gov", description = "DAO governance: proposals, votes weighted by DCT, delegation.",
        subcommands = {GovCommand.ProposeCmd.class, GovCommand.VoteCmd.class, GovCommand.DelegateCmd.class, GovCommand.ListCmd.class, GovCommand.Show.class})
public final class GovCommand {
    static String describe(JsonNode p) {
        StringBuilder out = new StringBuilder("#" + p.path("id").asLong() + " " + p.path("title").asText() + " [" + p.path("kind").asText() + "] "
                + p.path("status").asText());
        if (p.has("param")) {
            out.append("\n  set ").append(p.path("param").asText()).append(" = ").append(p.path("value").asText());
        }
        if (p.has("recipient")) {
            out.append("\n  pay ").append(p.path("amount_dct").asText()).append(" DCT from the treasury to ").append(p.path("recipient").asText());
        }
        out.append("\n  yes ").append(p.path("yes_dct").asText()).append(", no ").append(p.path("no_dct").asText()).append(", abstain ")
                .append(p.path("abstain_dct").asText()).append(" DCT of ").append(p.path("snapshot_supply_dct").asText()).append(" at the snapshot");
        if (!p.path("outcome").asText().isEmpty()) {
            out.append("\n  outcome: ").append(p.path("outcome").asText());
        }
        return out.toString();
    }

    @Command(name = "propose", description = "Propose a parameter change (--param NAME=VALUE), a treasury transfer (--pay ACCOUNT --amount DCT), or text.")
    static final class ProposeCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--title", required = true) String title;
        @Option(names = "--description", defaultValue = "") String description;
        @Option(names = "--param", description = "NAME=VALUE, see 'dcloud params'") String param;
        @Option(names = "--pay", description = "treasury transfer recipient") String pay;
        @Option(names = "--amount", description = "treasury transfer amount in DCT") String amount;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Propose proposal;
            if (param != null && pay != null) {
                throw new IllegalArgumentException("give either --param or --pay, not both");
            }
            if (param != null) {
                String[] parts = param.split("=", 2);
                if (parts.length != 2 || !parts[1].matches("[0-9]+")) {
                    throw new IllegalArgumentException("--param must be NAME=VALUE with a whole number, e.g. transfer_fee_e9s=500000");
                }
                proposal = Propose.paramChange(title, description, parts[0], Long.parseLong(parts[1]));
            } else if (pay != null) {
                if (amount == null) {
                    throw new IllegalArgumentException("--pay needs --amount");
                }
                proposal = Propose.treasuryTransfer(title, description, cli.account(pay), Amount.parseDct(amount));
            } else {
                proposal = Propose.text(title, description);
            }
            return cli.submit(proposal, "Proposed '" + title + "'");
        }
    }

    @Command(name = "vote", description = "Vote yes, no or abstain on an open proposal.")
    static final class VoteCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Parameters(index = "1", paramLabel = "CHOICE", description = "yes, no or abstain") String choice;

        @Override
        public Integer call() throws Exception {
            Vote.Choice parsed;
            try {
                parsed = Vote.Choice.valueOf(choice.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CHOICE must be yes, no or abstain, got '" + choice + "'");
            }
            return Cli.of(spec).submit(new Vote(id, parsed), "Voted " + choice + " on #" + id);
        }
    }

    @Command(name = "delegate", description = "Lend your voting power to ACCOUNT (a direct vote of yours still wins); --clear takes it back.")
    static final class DelegateCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account;
        @Option(names = "--clear") boolean clear;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            if (clear == (account != null)) {
                throw new IllegalArgumentException("give either ACCOUNT or --clear");
            }
            byte[] delegate = clear ? new byte[32] : cli.account(account).owner();
            return cli.submit(new Delegate(delegate), clear ? "Delegation cleared" : "Delegated to " + Account.of(delegate));
        }
    }

    @Command(name = "list", description = "Proposals, newest first.")
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--limit", defaultValue = "20") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode list = cli.node().get("/api/v1/gov/proposals?limit=" + limit);
            StringBuilder human = new StringBuilder();
            for (JsonNode p : list.path("proposals")) {
                human.append(describe(p)).append("\n");
            }
            cli.print(list, human.isEmpty() ? "no proposals" : human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "show", description = "One proposal with its tally and outcome.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode p = cli.node().get("/api/v1/gov/proposals/" + id);
            cli.print(p, describe(p) + "\n  voting ends " + java.time.Instant.ofEpochSecond(0, p.path("voting_ends").asLong()));
            return 0;
        }
    }
}
