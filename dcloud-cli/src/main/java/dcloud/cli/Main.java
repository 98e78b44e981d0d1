package dcloud.cli;

import dcloud.cli.devnet.DevnetCommand;
import dcloud.cli.keys.KeysCommand;
import dcloud.cli.ledger.ReadCommands;
import dcloud.cli.ledger.TxCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The dcloud command. Global options apply to every subcommand. */
@Command(name = "dcloud", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "dcloud 0.1.0",
        description = "A decentralized cloud: DCT token, providers and reputation, rewards, governance, devnet.")
public final class Main implements Runnable {
    /** The top-level commands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(KeysCommand.class, ReadCommands.Status.class, ReadCommands.Balance.class,
            ReadCommands.Token.class, ReadCommands.Allowance.class, ReadCommands.BlockCmd.class, ReadCommands.Tx.class,
            ReadCommands.History.class, TxCommands.TransferCmd.class, TxCommands.ApproveCmd.class, TxCommands.TransferFromCmd.class,
            TxCommands.FaucetCmd.class, dcloud.cli.economy.EconomyCommands.Params.class, dcloud.cli.economy.ProviderCommand.class,
            dcloud.cli.economy.EconomyCommands.User.class, dcloud.cli.economy.EconomyCommands.PayCmd.class,
            dcloud.cli.economy.EconomyCommands.ReputationCmd.class, dcloud.cli.economy.EconomyCommands.RewardsCmd.class,
            dcloud.cli.economy.EconomyCommands.TreasuryCmd.class, dcloud.cli.governance.GovCommand.class,
            dcloud.cli.market.OfferingCommand.class, dcloud.cli.market.MarketCommand.class, dcloud.cli.market.ContractCommand.class,
            dcloud.cli.storage.StorageCommand.class, DevnetCommand.class, NodeCommand.class);
    /** Global options that take a value (the value is not a command name). */
    private static final Set<String> VALUED_OPTIONS = Set.of("--home", "--node", "--key");

    @Option(names = "--home", scope = ScopeType.INHERIT, description = "CLI home with keys and config (default: $DCLOUD_HOME or ~/.dcloud)")
    Path home;

    @Option(names = "--node", scope = ScopeType.INHERIT, description = "node API URL (default: from HOME/config.json, else " + CliConfig.NODE_URL_DEFAULT + ")")
    String node_url;

    @Option(names = "--key", scope = ScopeType.INHERIT, description = "name of the signing key (default: the default key)")
    String key;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print machine-readable JSON")
    boolean json;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(null, args);
    }

    /** Runs a command with its error stream sent to {@code err} (when not null), so a caller can show why it failed. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine line = commandLine(new Main(), commandName(args));
        if (err != null) {
            line.setErr(err);
        }
        line.setExecutionExceptionHandler((error, command, parse) -> {
            String message = error.getMessage() == null ? error.toString() : error.getMessage();
            command.getErr().println("error: " + message);
            return 1;
        });
        return line.execute(args);
    }

    /**
     * The command line with the named top-level command only, or with all of them when the name is
     * null or names none. Why: picocli reflects over every option of every command it is given, and
     * building all of them took a third of a second of every command's start.
     */
    static CommandLine commandLine(Main main, String only) {
        boolean known = only != null && COMMANDS.stream().anyMatch(c -> name(c).equals(only));
        CommandLine line = new CommandLine(main);
        for (Class<?> command : COMMANDS) {
            if (!known || name(command).equals(only)) {
                line.addSubcommand(command);
            }
        }
        return line;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** The first argument that is neither a global option nor its value: the command's name, or null. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED_OPTIONS.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    @Override
    public void run() {
        commandLine(this, null).usage(System.out);
    }

    public Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("DCLOUD_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".dcloud");
    }
}
