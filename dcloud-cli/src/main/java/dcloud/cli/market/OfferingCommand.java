package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.client.offering.OfferingFiles;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.PublishOffering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud offering publish|list|show|withdraw|export. */
@Command(name = "offering", description = "Publish what you rent out (YAML or CSV), list, show, withdraw, export to CSV.",
        subcommands = {OfferingCommand.Publish.class, OfferingCommand.ListCmd.class, OfferingCommand.Show.class,
                OfferingCommand.Withdraw.class, OfferingCommand.Export.class})
public final class OfferingCommand {
    static String describe(JsonNode o) {
        String gpu = o.path("gpu_count").asInt() > 0 ? ", " + o.path("gpu_count").asInt() + "x " + o.path("gpu_model").asText() : "";
        return String.format("#%-5s %-22s %-9s %2d vCPU %4d GiB%s, %s %s, %s DCT/h, %d/%d free%s", o.path("number").asText(),
                o.path("name").asText(), o.path("product_type").asText(), o.path("vcpu").asInt(), o.path("memory_gib").asInt(), gpu,
                o.path("country").asText(), o.path("city").asText(), o.path("price_per_hour_dct").asText(), o.path("free_capacity").asInt(),
                o.path("capacity").asInt(), o.path("withdrawn").asBoolean() ? " (withdrawn)" : "");
    }

    @Command(name = "publish", description = "Publish (or update, by id) the offerings in a YAML or CSV file.")
    static final class Publish implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            int failures = 0;
            for (Offering offering : OfferingFiles.read(file)) {
                failures += cli.submit(new PublishOffering(offering), "Published offering '" + offering.localId() + "'");
            }
            return failures == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", description = "Offerings (all, or one provider's with --provider).")
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--provider", description = "account or key name") String provider;
        @Option(names = "--limit", defaultValue = "100") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode list = cli.node().get("/api/v1/offerings?limit=" + limit
                    + (provider == null ? "" : "&provider=" + cli.account(provider).ownerAccount().toText()));
            StringBuilder human = new StringBuilder();
            list.path("offerings").forEach(o -> human.append(describe(o)).append('\n'));
            cli.print(list, human.isEmpty() ? "no offerings" : human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "show", description = "One offering, every field.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NUMBER") long number;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode o = cli.node().get("/api/v1/offerings/" + number);
            cli.print(o, describe(o) + "\n  provider: " + o.path("provider").asText() + " (reputation " + o.path("provider_reputation").asText()
                    + ")\n  hours " + o.path("min_hours").asText() + ".." + o.path("max_hours").asText() + ", kinds " + o.path("workload_kinds")
                    + ", confidential " + o.path("confidential").asText() + ", storage " + o.path("storage_gib").asText() + " GiB "
                    + o.path("storage_type").asText() + ", os " + o.path("operating_systems") + ", features " + o.path("features"));
            return 0;
        }
    }

    @Command(name = "withdraw", description = "Stop renting an offering out (running contracts continue).")
    static final class Withdraw implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NUMBER") long number;

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(ContractAction.of(ContractAction.Action.WITHDRAW_OFFERING, number), "Withdrew offering #" + number);
        }
    }

    @Command(name = "export", description = "Write offerings (yours with --provider) as CSV, importable with 'offering publish'.")
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--provider") String provider;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode list = cli.node().get("/api/v1/offerings?limit=1000"
                    + (provider == null ? "" : "&provider=" + cli.account(provider).ownerAccount().toText()));
            Files.writeString(file, OfferingFiles.toCsv(list.path("offerings")));
            System.out.println("wrote " + list.path("offerings").size() + " offerings to " + file);
            return 0;
        }
    }
}
