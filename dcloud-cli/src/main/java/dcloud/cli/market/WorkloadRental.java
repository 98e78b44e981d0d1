package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import dcloud.client.NodeClient;
import dcloud.compute.agent.JobRequest;
import dcloud.compute.agent.UploadSignature;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.SealedBox;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.ReportMismatch;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renting with a workload: request the contract(s) with the workload's hashes in the public
 * request, wait for the provider's agent to accept, upload the workload and its environment
 * straight to the agent (signed), and for replicated jobs compare the posted result hashes and
 * have the ledger record who disagrees with the majority.
 */
final class WorkloadRental {
    static final long POLL_MS = 250;

    private final Cli cli;
    private final NodeClient node;
    private final long wait_ms;

    WorkloadRental(Cli cli, long wait_ms) throws Exception {
        this.cli = cli;
        this.node = cli.node();
        this.wait_ms = wait_ms;
    }

    static JobRequest request(String kind, Path workload, byte[] env) throws Exception {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(workload)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return new JobRequest(kind, digest.digest(), Files.size(workload), Sha256.hash(env));
    }

    /** Rents {@code offering} for this job, waits for acceptance, uploads; returns the contract id. */
    long rentAndUpload(long offering, long hours, JobRequest job, byte[] env, Path workload) throws Exception {
        byte[] access_key = SealedBox.accessKeyFor(cli.signingKey().keyPair()).publicKey();
        long id = cli.submitOrThrow(new Rent(offering, hours, access_key, job.encode())).path("detail").asLong();
        JsonNode contract = waitFor(id, c -> !c.path("state").asText().equals("requested"), "the provider to answer");
        if (!contract.path("state").asText().equals("active")) {
            throw new IllegalStateException("contract " + id + " was not accepted: " + contract.path("close_reason").asText() + " "
                    + contract.path("note").asText());
        }
        byte[] signature = UploadSignature.sign(cli.signingKey().keyPair(), id, job.workloadSha256(), env);
        AgentClient.forContract(node, contract).upload(id, signature, env, workload);
        return id;
    }

    interface Check {
        boolean done(JsonNode contract);
    }

    JsonNode waitFor(long id, Check check, String what) throws Exception {
        long deadline = System.currentTimeMillis() + wait_ms;
        while (true) {
            JsonNode contract = node.get("/api/v1/contracts/" + id);
            if (check.done(contract)) {
                return contract;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("gave up after " + wait_ms + " ms waiting for " + what + " on contract " + id);
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Offerings of other providers that sell this kind and run an agent, cheapest first. */
    List<Long> otherOfferings(String kind, Set<String> providers_used, int count) throws Exception {
        List<JsonNode> candidates = new ArrayList<>();
        node.get("/api/v1/offerings?limit=1000").path("offerings").forEach(candidates::add);
        candidates.sort(java.util.Comparator.comparingLong(o -> o.path("price_per_hour_e9s").asLong()));
        List<Long> out = new ArrayList<>();
        Set<String> used = new TreeSet<>(providers_used);
        for (JsonNode o : candidates) {
            String provider = o.path("provider").asText();
            boolean sells = false;
            for (JsonNode k : o.path("workload_kinds")) {
                sells |= k.asText().equals(kind);
            }
            if (out.size() < count && sells && !used.contains(provider) && hasAgent(provider)) {
                out.add(o.path("number").asLong());
                used.add(provider);
            }
        }
        return out;
    }

    private boolean hasAgent(String provider) {
        try {
            node.get("/api/v1/compute/nodes/" + provider);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Runs a job on {@code offerings} (distinct providers), waits for every result hash and
     * compares them; on a tie it adds one replica on yet another provider; when there is a
     * majority and someone disagrees, it has the ledger record the mismatch.
     */
    Map<String, Object> replicate(List<Long> offerings, long hours, JobRequest job, byte[] env, Path workload) throws Exception {
        List<Long> contracts = new ArrayList<>();
        Set<String> providers = new TreeSet<>();
        for (long offering : offerings) {
            long id = rentAndUpload(offering, hours, job, env, workload);
            contracts.add(id);
            providers.add(node.get("/api/v1/contracts/" + id).path("provider").asText());
        }
        Map<Long, String> hashes = results(contracts);
        if (majority(hashes) == null) {
            List<Long> tie_breaker = otherOfferings(job.kind(), providers, 1);
            if (tie_breaker.isEmpty()) {
                throw new IllegalStateException("replicas disagree " + hashes + " and no other provider runs '" + job.kind() + "' to break the tie");
            }
            contracts.add(rentAndUpload(tie_breaker.get(0), hours, job, env, workload));
            hashes = results(contracts);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contracts", contracts);
        out.put("result_sha256", hashes);
        String majority = majority(hashes);
        out.put("majority_sha256", majority);
        boolean all_agree = hashes.values().stream().allMatch(h -> h.equals(majority));
        if (!all_agree && majority != null) {
            JsonNode report = cli.submitOrThrow(new ReportMismatch(contracts));
            out.put("mismatch_recorded", report.path("height").asLong());
        }
        out.put("agree", all_agree);
        return out;
    }

    private Map<Long, String> results(List<Long> contracts) throws Exception {
        Map<Long, String> hashes = new LinkedHashMap<>();
        for (long id : contracts) {
            JsonNode c = waitFor(id, x -> !x.path("result_sha256").isNull(), "the job's result hash");
            hashes.put(id, c.path("result_sha256").asText());
        }
        return hashes;
    }

    static String majority(Map<Long, String> hashes) {
        for (String candidate : hashes.values()) {
            long count = hashes.values().stream().filter(candidate::equals).count();
            if (count * 2 > hashes.size()) {
                return candidate;
            }
        }
        return null;
    }

    static byte[] openSealed(Cli cli, byte[] sealed) throws Exception {
        return SealedBox.open(SealedBox.accessKeyFor(cli.signingKey().keyPair()), sealed);
    }

    static String hex(byte[] bytes) {
        return Hex.encode(bytes);
    }
}
