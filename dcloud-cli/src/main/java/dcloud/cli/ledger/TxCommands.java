package dcloud.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Commands that sign and submit: transfer, approve, transfer-from, faucet. Exit 1 when the tx fails. */
public final class TxCommands {
    private TxCommands() {}

    static String describe(JsonNode tx) {
        StringBuilder out = new StringBuilder(tx.path("kind").asText("tx") + " " + tx.path("hash").asText());
        if (tx.has("amount_e9s")) {
            out.append("\n  amount: ").append(Amount.display(tx.path("amount_e9s").asLong()));
        }
        for (String field : new String[] {"from", "to", "spender"}) {
            if (tx.has(field)) {
                out.append("\n  ").append(field).append(": ").append(tx.path(field).asText());
            }
        }
        out.append("\n  status: ").append(tx.path("status").asText());
        if (tx.has("height")) {
            out.append(" at height ").append(tx.path("height").asLong());
        }
        if (tx.has("error")) {
            out.append("\n  error: ").append(tx.path("error").path("code").asText()).append(": ").append(tx.path("error").path("message").asText());
        }
        return out.toString();
    }

    /** The --memo option as bytes: at most 32 (ICRC-1). */
    public static byte[] memo(String text) {
        if (text == null) {
            return new byte[0];
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 32) {
            throw new IllegalArgumentException("--memo must be at most 32 bytes, got " + bytes.length);
        }
        return bytes;
    }

    static byte[] subaccount(String hex) {
        if (hex == null) {
            return null;
        }
        if (!hex.matches("[0-9a-fA-F]{1,64}")) {
            throw new IllegalArgumentException("--from-subaccount must be 1 to 64 hex digits");
        }
        return Hex.decode("0".repeat(64 - hex.length()) + hex);
    }

    static OptionalLong fee(String text) {
        return text == null ? OptionalLong.empty() : OptionalLong.of(Amount.parseDct(text));
    }

    @Command(name = "transfer", description = "Send DCT: dcloud transfer TO AMOUNT (e.g. 1.25).")
    public static final class TransferCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TO", description = "account text or key name") String to;
        @Parameters(index = "1", paramLabel = "AMOUNT", description = "DCT, e.g. 1.25") String amount;
        @Option(names = "--memo", description = "up to 32 bytes of text") String memo;
        @Option(names = "--from-subaccount", description = "hex subaccount of your key to send from") String from_subaccount;
        @Option(names = "--fee", description = "expected fee in DCT (default: whatever the ledger charges)") String fee;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(to);
            long e9s = Amount.parseDct(amount);
            return cli.submit(new Transfer(subaccount(from_subaccount), target, e9s, fee(fee), memo(memo)),
                    "Transferred " + Amount.display(e9s) + " to " + target);
        }
    }

    @Command(name = "approve", description = "Allow SPENDER to move up to AMOUNT from your account (ICRC-2).")
    public static final class ApproveCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SPENDER") String spender;
        @Parameters(index = "1", paramLabel = "AMOUNT") String amount;
        @Option(names = "--expires-in-s", description = "allowance lapses after this many seconds") Long expires_in_s;
        @Option(names = "--expected-allowance", description = "fail unless the current allowance is exactly this (DCT)") String expected;
        @Option(names = "--memo") String memo;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(spender);
            long e9s = Amount.parseDct(amount);
            OptionalLong expires = expires_in_s == null ? OptionalLong.empty()
                    : OptionalLong.of(java.time.Instant.now().plusSeconds(expires_in_s).toEpochMilli() * 1_000_000L);
            return cli.submit(new Approve(null, target, e9s, fee(expected), expires, OptionalLong.empty(), memo(memo)),
                    "Approved " + target + " to spend " + Amount.display(e9s));
        }
    }

    @Command(name = "transfer-from", description = "As a spender, move AMOUNT from FROM to TO within your allowance (ICRC-2).")
    public static final class TransferFromCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FROM") String from;
        @Parameters(index = "1", paramLabel = "TO") String to;
        @Parameters(index = "2", paramLabel = "AMOUNT") String amount;
        @Option(names = "--memo") String memo;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            long e9s = Amount.parseDct(amount);
            Account source = cli.account(from);
            Account target = cli.account(to);
            return cli.submit(new TransferFrom(null, source, target, e9s, OptionalLong.empty(), memo(memo)),
                    "Moved " + Amount.display(e9s) + " from " + source + " to " + target);
        }
    }

    @Command(name = "faucet", description = "Devnet only: mint test DCT to an account.")
    public static final class FaucetCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ACCOUNT") String account;
        @Parameters(index = "1", paramLabel = "AMOUNT") String amount;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Account target = cli.account(account);
            Amount.parseDct(amount);
            JsonNode result = cli.node().faucet(target.toText(), amount);
            boolean ok = result.path("status").asText().equals("committed");
            cli.print(result, ok ? "Minted " + Amount.display(result.path("e9s").asLong()) + " to " + target + " in block " + result.path("height").asLong()
                    : "faucet: " + result.path("status").asText() + " " + result.path("error").path("message").asText(""));
            return ok ? 0 : 1;
        }
    }
}
