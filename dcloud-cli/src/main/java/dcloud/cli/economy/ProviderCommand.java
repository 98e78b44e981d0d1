package dcloud.cli.economy;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud provider register|update|show|list|check-in. */
@Command(name = "provider", description = "Register as a node provider, update the profile, list providers, check in.",
        subcommands = {ProviderCommand.Register.class, ProviderCommand.Update.class, ProviderCommand.Show.class,
                ProviderCommand.ListProviders.class, ProviderCommand.CheckInCmd.class})
public final class ProviderCommand {
    static class ProfileOptions {
        @Option(names = "--name", required = true, description = "public name") String name;
        @Option(names = "--legal-name", required = true, description = "the legally responsible entity") String legal_name;
        @Option(names = "--country", required = true, description = "ISO 3166-1 alpha-2 code, e.g. DE") String country;
        @Option(names = "--email", required = true, description = "contact address") String email;
        @Option(names = "--website", required = true, description = "https://...") String website;
        @Option(names = "--sla-uptime", defaultValue = "99.9", description = "promised uptime in percent (default ${DEFAULT-VALUE})") String sla_uptime;
        @Option(names = "--description", defaultValue = "", description = "up to 500 characters") String description;

        ProviderProfile profile() {
            String code = country.toUpperCase(Locale.ROOT);
            if (!Arrays.asList(Locale.getISOCountries()).contains(code)) {
                throw new IllegalArgumentException("--country must be an ISO 3166-1 alpha-2 code such as DE or FR, got '" + country + "'");
            }
            BigDecimal percent;
            try {
                percent = new BigDecimal(sla_uptime);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sla-uptime must be a percentage such as 99.9");
            }
            if (percent.scale() > 2 || percent.compareTo(BigDecimal.valueOf(90)) < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("--sla-uptime must be between 90 and 100 with at most 2 decimals");
            }
            return new ProviderProfile(name, legal_name, code, email, website, percent.movePointRight(2).intValueExact(), description);
        }
    }

    @Command(name = "register", description = "Register your key as a provider (costs the current reward / 100, paid to the treasury).")
    static final class Register implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin ProfileOptions options = new ProfileOptions();

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new RegisterProvider(options.profile(), false), "Registered provider '" + options.name + "'");
        }
    }

    @Command(name = "update", description = "Update your provider profile (free).")
    static final class Update implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin ProfileOptions options = new ProfileOptions();

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new RegisterProvider(options.profile(), true), "Updated provider '" + options.name + "'");
        }
    }

    static String describe(JsonNode p) {
        return p.path("name").asText() + " (" + p.path("legal_name").asText() + ", " + p.path("country").asText() + ")"
                + "\n  account:    " + p.path("account").asText() + "\n  reputation: " + p.path("reputation").asText()
                + "\n  contact:    " + p.path("email").asText() + ", " + p.path("website").asText()
                + "\n  sla uptime: " + new BigDecimal(p.path("sla_uptime_bps").asLong()).movePointLeft(2).stripTrailingZeros().toPlainString() + "%"
                + (p.path("description").asText().isEmpty() ? "" : "\n  " + p.path("description").asText());
    }

    @Command(name = "show", description = "A provider's profile and reputation.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ACCOUNT", arity = "0..1") String account;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode p = cli.node().get("/api/v1/providers/" + cli.account(account).ownerAccount().toText());
            cli.print(p, describe(p));
            return 0;
        }
    }

    @Command(name = "list", description = "Registered providers, highest reputation first.")
    static final class ListProviders implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--sort", defaultValue = "reputation", description = "reputation or name (default ${DEFAULT-VALUE})") String sort;
        @Option(names = "--limit", defaultValue = "50") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode list = cli.node().get("/api/v1/providers?sort=" + sort + "&limit=" + limit);
            StringBuilder human = new StringBuilder(String.format("%-24s %-4s %-12s %s%n", "NAME", "CC", "REPUTATION", "ACCOUNT"));
            for (JsonNode p : list.path("providers")) {
                human.append(String.format("%-24s %-4s %-12s %s%n", p.path("name").asText(), p.path("country").asText(),
                        p.path("reputation").asText(), p.path("account").asText()));
            }
            cli.print(list, human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "check-in", description = "Check in for the current reward epoch (a node with provider_key_file does this itself).")
    static final class CheckInCmd implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            long epoch = cli.node().get("/api/v1/rewards").path("epoch").asLong();
            byte[] seen = dcloud.core.bytes.Hex.decode(cli.node().status().path("last_block_hash").asText());
            return cli.submit(new CheckIn(epoch, seen), "Checked in for epoch " + epoch);
        }
    }

}
