package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.client.NodeClient;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.SealedBox;
import dcloud.ledger.tx.AutoAccept;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Rent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud contract rent|list|show|logs|result|accept|reject|extend|cancel|terminate|access|auto-accept. */
@Command(name = "contract", description = "Rent an offering, and run the contract's life: accept, extend, cancel, access details.",
        subcommands = {ContractCommand.RentCmd.class, ContractCommand.ListCmd.class, ContractCommand.Show.class, ContractCommand.Accept.class,
                ContractCommand.Reject.class, ContractCommand.Extend.class, ContractCommand.Cancel.class, ContractCommand.Terminate.class,
                ContractCommand.Access.class, ContractCommand.AutoAcceptCmd.class, ContractCommand.Logs.class, ContractCommand.Result.class})
public final class ContractCommand {
    static String describe(JsonNode c) {
        return "contract " + c.path("id").asText() + " on offering #" + c.path("offering").asText() + ": " + c.path("state").asText()
                + (c.path("close_reason").isNull() ? "" : " (" + c.path("close_reason").asText() + ")") + "\n  " + c.path("hours").asText()
                + " h at " + c.path("price_per_hour_dct").asText() + " DCT/h; escrow " + c.path("escrow_dct").asText() + ", paid "
                + c.path("paid_dct").asText() + ", refunded " + c.path("refunded_dct").asText() + " DCT"
                + "\n  provider  " + c.path("provider").asText() + "\n  developer " + c.path("developer").asText()
                + (c.path("note").asText().isEmpty() ? "" : "\n  note: " + c.path("note").asText());
    }

    @Command(name = "rent", description = "Request a contract: escrows price x hours; the provider accepts (or its agent does). "
            + "With --workload, the provider's agent runs it: wasm:FILE (a batch job) or process:BUNDLE (a .tar.gz service).")
    static final class RentCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "OFFERING") long offering;
        @Option(names = "--hours", required = true) long hours;
        @Option(names = "--ssh-key", description = "public key file the provider installs") Path ssh_key;
        @Option(names = "--config", description = "config file for the provider (public: no secrets)") Path config;
        @Option(names = "--workload", paramLabel = "KIND:FILE", description = "wasm:job.wasm or process:app.tar.gz") String workload;
        @Option(names = "--env", paramLabel = "K=V", description = "environment for the workload (sent to the agent only, never on-ledger)")
        List<String> env = new ArrayList<>();
        @Option(names = "--replicas", defaultValue = "1", description = "wasm: run on this many providers and compare results (2..8)") int replicas;
        @Option(names = "--wait-s", defaultValue = "120", description = "how long to wait for acceptance and, with --replicas, results") long wait_s;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            if (workload != null) {
                return rentWorkload(cli);
            }
            Map<String, String> request = new LinkedHashMap<>();
            if (ssh_key != null) {
                request.put("ssh_key", Files.readString(ssh_key).trim());
            }
            if (config != null) {
                request.put("config", Files.readString(config));
            }
            byte[] request_bytes = request.isEmpty() ? new byte[0] : NodeClient.JSON.writeValueAsBytes(request);
            if (request_bytes.length > ContractAction.DATA_SIZE_BYTES_MAX) {
                throw new IllegalArgumentException("--ssh-key and --config together must be at most " + ContractAction.DATA_SIZE_BYTES_MAX + " bytes");
            }
            byte[] access_key = SealedBox.accessKeyFor(cli.signingKey().keyPair()).publicKey();
            return cli.submit(new Rent(offering, hours, access_key, request_bytes), "Requested " + hours + " h of offering #" + offering
                    + " as a new contract (its id is the 'detail' of the result; 'dcloud contract list' shows it)");
        }

        private int rentWorkload(Cli cli) throws Exception {
            int colon = workload.indexOf(':');
            String kind = colon < 0 ? "" : workload.substring(0, colon);
            if (!kind.equals("wasm") && !kind.equals("process")) {
                throw new IllegalArgumentException("--workload must be wasm:FILE or process:BUNDLE, got '" + workload + "'");
            }
            Path file = Path.of(workload.substring(colon + 1));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--workload: no file " + file);
            }
            if (replicas < 1 || replicas > dcloud.ledger.tx.ReportMismatch.REPLICAS_MAX || (replicas > 1 && !kind.equals("wasm"))) {
                throw new IllegalArgumentException("--replicas must be 1..8, and above 1 only for wasm jobs");
            }
            byte[] env_payload = dcloud.compute.agent.EnvPayload.build(parseEnv(), new SecureRandom());
            dcloud.compute.agent.JobRequest job = WorkloadRental.request(kind, file, env_payload);
            WorkloadRental rental = new WorkloadRental(cli, wait_s * 1000);
            if (replicas == 1) {
                long id = rental.rentAndUpload(offering, hours, job, env_payload, file);
                cli.print(NodeClient.JSON.valueToTree(Map.of("contract", id)), "contract " + id + ": " + kind
                        + " workload uploaded and started; 'dcloud contract show " + id + "' shows its endpoints and state");
                return 0;
            }
            String first_provider = cli.node().get("/api/v1/offerings/" + offering).path("provider").asText();
            List<Long> offerings = new ArrayList<>(List.of(offering));
            offerings.addAll(rental.otherOfferings(kind, java.util.Set.of(first_provider), replicas - 1));
            if (offerings.size() < replicas) {
                throw new IllegalArgumentException("--replicas " + replicas + ": only " + offerings.size() + " providers sell '" + kind + "' with an agent");
            }
            Map<String, Object> outcome = rental.replicate(offerings, hours, job, env_payload, file);
            String human = "replicas " + outcome.get("contracts") + (Boolean.TRUE.equals(outcome.get("agree")) ? " agree on result "
                    + outcome.get("majority_sha256") : " disagree: " + outcome.get("result_sha256") + "; majority " + outcome.get("majority_sha256")
                    + (outcome.containsKey("mismatch_recorded") ? ", mismatch recorded on-ledger in block " + outcome.get("mismatch_recorded") : ""));
            cli.print(NodeClient.JSON.valueToTree(outcome), human);
            return Boolean.TRUE.equals(outcome.get("agree")) ? 0 : 3;
        }

        private Map<String, String> parseEnv() {
            Map<String, String> vars = new java.util.TreeMap<>();
            for (String pair : env) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--env must be K=V, got '" + pair + "'");
                }
                vars.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return vars;
        }
    }

    @Command(name = "logs", description = "Developer: the tail of a workload's stdout and stderr (sealed to you by the agent).")
    static final class Logs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode contract = cli.node().get("/api/v1/contracts/" + id);
            byte[] sealed = AgentClient.forContract(cli.node(), contract).sealed(id, "logs");
            String logs = new String(WorkloadRental.openSealed(cli, sealed), StandardCharsets.UTF_8);
            cli.print(NodeClient.JSON.valueToTree(Map.of("contract", id, "logs", logs)), logs.isEmpty() ? "(no output yet)" : logs.stripTrailing());
            return 0;
        }
    }

    @Command(name = "result", description = "Developer: download a finished batch job's result (stdout, stderr, out/) into OUTDIR, "
            + "checked against the hash its provider posted on-ledger.")
    static final class Result implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Parameters(index = "1", paramLabel = "OUTDIR") Path out_dir;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode contract = cli.node().get("/api/v1/contracts/" + id);
            byte[] zip = WorkloadRental.openSealed(cli, AgentClient.forContract(cli.node(), contract).sealed(id, "result"));
            byte[] digest = dcloud.compute.agent.ResultDigest.unzip(zip, out_dir, 1L << 31);
            String posted = contract.path("result_sha256").asText("");
            boolean matches = posted.equals(WorkloadRental.hex(digest));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("contract", id);
            out.put("out_dir", out_dir.toString());
            out.put("result_sha256", WorkloadRental.hex(digest));
            out.put("posted_sha256", contract.path("result_sha256").isNull() ? null : posted);
            out.put("matches_ledger", matches);
            cli.print(NodeClient.JSON.valueToTree(out), "result of contract " + id + " in " + out_dir + " (sha256 " + WorkloadRental.hex(digest)
                    + (matches ? ", as posted on-ledger)" : contract.path("result_sha256").isNull() ? "; the provider has not posted a hash yet)"
                    : "; DIFFERS from the hash posted on-ledger " + posted + ")"));
            return matches ? 0 : 3;
        }
    }

    @Command(name = "list", description = "Your contracts, as developer and as provider.")
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--role", defaultValue = "any", description = "developer, provider or any") String role;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode list = cli.node().get("/api/v1/contracts?role=" + role + "&account=" + cli.account(null).ownerAccount().toText());
            StringBuilder human = new StringBuilder();
            list.path("contracts").forEach(c -> human.append(describe(c)).append("\n"));
            cli.print(list, human.isEmpty() ? "no contracts" : human.toString().stripTrailing());
            return 0;
        }
    }

    @Command(name = "show", description = "One contract; as its developer you also see the access details, decrypted.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode c = cli.node().get("/api/v1/contracts/" + id);
            String human = describe(c);
            if (!c.path("access_sealed").isNull() && c.path("developer").asText().equals(cli.account(null).ownerAccount().toText())) {
                byte[] opened = SealedBox.open(SealedBox.accessKeyFor(cli.signingKey().keyPair()), Hex.decode(c.path("access_sealed").asText()));
                human += "\n  access: " + new String(opened, StandardCharsets.UTF_8);
                ((com.fasterxml.jackson.databind.node.ObjectNode) c).put("access", new String(opened, StandardCharsets.UTF_8));
            }
            if (!c.path("result_sha256").isNull()) {
                human += "\n  result sha256: " + c.path("result_sha256").asText();
            }
            if (!c.path("replica_check").isNull()) {
                human += "\n  replica check: " + (c.path("replica_check").path("agreed").asBoolean() ? "agrees with" : "DISAGREES with")
                        + " the majority " + c.path("replica_check").path("majority_sha256").asText();
            }
            if (JobRequestText.namesWorkload(c)) {
                try {
                    JsonNode status = AgentClient.forContract(cli.node(), c).status(id);
                    human += "\n  workload: " + status.path("kind").asText() + " " + status.path("state").asText() + " ("
                            + status.path("detail").asText() + ")";
                    ((com.fasterxml.jackson.databind.node.ObjectNode) c).set("workload", status);
                } catch (Exception e) {
                    human += "\n  workload: agent unreachable or no upload yet (" + e.getMessage() + ")";
                }
            }
            cli.print(c, human);
            return 0;
        }
    }

    abstract static class Step implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--reason", defaultValue = "") String reason;

        abstract ContractAction.Action action();

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new ContractAction(action(), id, 0, reason, new byte[0]),
                    action().name().toLowerCase(java.util.Locale.ROOT) + ": contract " + id);
        }
    }

    @Command(name = "accept", description = "Provider: accept a requested contract; it starts now.")
    static final class Accept extends Step {
        ContractAction.Action action() {
            return ContractAction.Action.ACCEPT;
        }
    }

    @Command(name = "reject", description = "Provider: reject a request; the developer is refunded.")
    static final class Reject extends Step {
        ContractAction.Action action() {
            return ContractAction.Action.REJECT;
        }
    }

    @Command(name = "cancel", description = "Developer: end an active contract; the unused time is refunded.")
    static final class Cancel extends Step {
        ContractAction.Action action() {
            return ContractAction.Action.CANCEL;
        }
    }

    @Command(name = "terminate", description = "Provider: end an active contract; the developer is refunded and your reputation history shows it.")
    static final class Terminate extends Step {
        ContractAction.Action action() {
            return ContractAction.Action.TERMINATE;
        }
    }

    @Command(name = "extend", description = "Developer: add hours at the locked price.")
    static final class Extend implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--hours", required = true) long hours;

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new ContractAction(ContractAction.Action.EXTEND, id, hours, "", new byte[0]),
                    "Extended contract " + id + " by " + hours + " h");
        }
    }

    @Command(name = "access", description = "Provider: post access details, encrypted to the developer's key (only they can read them).")
    static final class Access implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--text", description = "the details, e.g. 'ssh ubuntu@203.0.113.7'") String text;
        @Option(names = "--file", description = "or a file with them") Path file;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            if ((text == null) == (file == null)) {
                throw new IllegalArgumentException("give either --text or --file");
            }
            byte[] plain = text != null ? text.getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
            JsonNode contract = cli.node().get("/api/v1/contracts/" + id);
            byte[] sealed = SealedBox.seal(Hex.decode(contract.path("access_key").asText()), plain, new SecureRandom());
            if (sealed.length > ContractAction.DATA_SIZE_BYTES_MAX) {
                throw new IllegalArgumentException("access details must be at most " + (ContractAction.DATA_SIZE_BYTES_MAX - 60) + " bytes");
            }
            return cli.submit(new ContractAction(ContractAction.Action.POST_ACCESS, id, 0, "", sealed), "Posted access details to contract " + id);
        }
    }

    @Command(name = "auto-accept", description = "Provider: accept requests automatically from developers with enough reputation, up to a length.")
    static final class AutoAcceptCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--disable") boolean disable;
        @Option(names = "--min-reputation", defaultValue = "0") String min_reputation;
        @Option(names = "--max-hours", defaultValue = "720") long max_hours;

        @Override
        public Integer call() throws Exception {
            return Cli.of(spec).submit(new AutoAccept(!disable, Amount.parseDct(min_reputation), max_hours),
                    disable ? "Auto-accept off" : "Auto-accept on: reputation >= " + min_reputation + ", up to " + max_hours + " h");
        }
    }
}
