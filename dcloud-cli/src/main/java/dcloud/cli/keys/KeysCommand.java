package dcloud.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dcloud.cli.Cli;
import dcloud.client.NodeClient;
import dcloud.core.crypto.Mnemonic;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud keys new|import|list|show|default. */
@Command(name = "keys", description = "Create, import and list signing keys (Ed25519 from a BIP-39 mnemonic).",
        subcommands = {KeysCommand.New.class, KeysCommand.Import.class, KeysCommand.ListKeys.class, KeysCommand.Show.class, KeysCommand.Default.class})
public final class KeysCommand {
    static ObjectNode view(KeyStore.StoredKey key, boolean with_mnemonic, boolean is_default) {
        ObjectNode out = NodeClient.JSON.createObjectNode().put("name", key.name()).put("account", key.account()).put("default", is_default);
        if (with_mnemonic) {
            out.put("mnemonic", key.mnemonic());
        }
        return out;
    }

    static KeyStore.StoredKey store(Cli cli, String name, String mnemonic) throws Exception {
        KeyStore.StoredKey key = cli.keys().create(name, mnemonic);
        if (cli.config().defaultKey() == null) {
            cli.config().withDefaultKey(name).save(cli.home());
        }
        return key;
    }

    @Command(name = "new", description = "Create a key; prints its account and the 24-word mnemonic to write down.")
    static final class New implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            KeyStore.StoredKey key = store(cli, name, Mnemonic.generate(new SecureRandom()));
            cli.print(view(key, true, name.equals(cli.config().defaultKey())), "Created key '" + name + "'\naccount:  " + key.account()
                    + "\nmnemonic: " + key.mnemonic() + "\nWrite the mnemonic down: it is the only way to recover this account.");
            return 0;
        }
    }

    @Command(name = "import", description = "Import a key from its mnemonic; gives back the same account.")
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--mnemonic", required = true, description = "the 12-24 word BIP-39 phrase, quoted") String mnemonic;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            KeyStore.StoredKey key = store(cli, name, mnemonic);
            cli.print(view(key, false, name.equals(cli.config().defaultKey())), "Imported key '" + name + "'\naccount: " + key.account());
            return 0;
        }
    }

    @Command(name = "list", description = "List stored keys.")
    static final class ListKeys implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            String default_key = cli.config().defaultKey();
            var array = NodeClient.JSON.createArrayNode();
            StringBuilder human = new StringBuilder();
            for (KeyStore.StoredKey key : cli.keys().list()) {
                boolean is_default = key.name().equals(default_key);
                array.add(view(key, false, is_default));
                human.append(is_default ? "* " : "  ").append(String.format("%-16s %s%n", key.name(), key.account()));
            }
            cli.print(array, human.isEmpty() ? "no keys yet: 'dcloud keys new NAME'" : human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "show", description = "Show a key's account (and, with --mnemonic, its phrase).")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..1") String name;
        @Option(names = "--mnemonic", description = "also print the mnemonic") boolean mnemonic;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            KeyStore.StoredKey key = name == null ? cli.signingKey() : cli.keys().get(name);
            cli.print(view(key, mnemonic, key.name().equals(cli.config().defaultKey())),
                    "name:    " + key.name() + "\naccount: " + key.account() + (mnemonic ? "\nmnemonic: " + key.mnemonic() : ""));
            return 0;
        }
    }

    @Command(name = "default", description = "Make a key the default signing key.")
    static final class Default implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            cli.keys().get(name);
            cli.config().withDefaultKey(name).save(cli.home());
            System.out.println("default key: " + name);
            return 0;
        }
    }
}
