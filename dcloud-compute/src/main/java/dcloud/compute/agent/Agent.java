package dcloud.compute.agent;

import dcloud.compute.ingress.Backend;
import dcloud.compute.ingress.IngressRouter;
import dcloud.compute.provision.ProvisionException;
import dcloud.compute.provision.Provisioner;
import dcloud.compute.provision.WorkloadAddress;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import dcloud.core.crypto.SealedBox;
import dcloud.core.crypto.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The provider agent: runs what developers rent on this provider's offerings. It accepts or
 * rejects requests it can or cannot back, takes workload uploads signed by the contract's
 * developer, starts them through the {@link Provisioner} of their kind, routes ingress to them,
 * posts their endpoints sealed to the developer, posts batch results' hashes, and stops everything
 * of a contract once the ledger closes it. Its records on disk let a restarted agent adopt what
 * still runs instead of starting it twice.
 */
public final class Agent {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    private final AgentSettings settings;
    private final ComputeLedger ledger;
    private final Map<String, Provisioner> provisioners;
    private final IngressRouter router;
    private final ConcurrentHashMap<Long, WorkloadRecord> records = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Contracts recover() has settled, so that a retried recovery never starts a workload twice. */
    private final java.util.Set<Long> recovered = ConcurrentHashMap.newKeySet();

    /** {@code provisioners} are those whose probe succeeded, by kind. */
    public Agent(AgentSettings settings, ComputeLedger ledger, Map<String, Provisioner> provisioners, IngressRouter router) {
        this.settings = settings;
        this.ledger = ledger;
        this.provisioners = Map.copyOf(provisioners);
        this.router = router;
    }

    public List<String> kinds() {
        return provisioners.keySet().stream().sorted().toList();
    }

    static String workloadId(long contract) {
        return "c" + contract;
    }

    private Path dir(long contract) {
        return settings.workloadsDir().resolve(Long.toString(contract));
    }

    private WorkloadSpec spec(long contract, String kind) throws IOException {
        Path dir = dir(contract);
        TreeMap<String, String> env;
        try {
            env = EnvPayload.parse(Files.readAllBytes(dir.resolve("env.json")));
        } catch (AgentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!"wasm".equals(kind)) {
            // Services may want their name; batch jobs get none, so that replicas see identical inputs.
            env.put("DCLOUD_CONTRACT", Long.toString(contract));
        }
        return new WorkloadSpec(workloadId(contract), dir.resolve("artifact"), dir, env, settings.limits());
    }

    // ---- restart ----------------------------------------------------------------------------

    /**
     * After a restart: reload every record, stop what the ledger closed meanwhile, adopt or restart
     * the rest. One broken workload does not hold up the others: it is logged and retried at the
     * next call. Returns whether every record is settled.
     */
    public synchronized boolean recover() throws IOException {
        Files.createDirectories(settings.workloadsDir());
        boolean all = true;
        for (Path dir : WorkloadRecord.all(settings.workloadsDir())) {
            try {
                recoverOne(dir);
            } catch (IOException | RuntimeException e) {
                all = false;
                LOG.warning("could not recover workload in " + dir + " (will retry): " + e);
            }
        }
        return all;
    }

    private void recoverOne(Path dir) throws IOException {
        WorkloadRecord record = WorkloadRecord.load(dir);
        records.putIfAbsent(record.contract(), record);
        if (recovered.contains(record.contract()) || record.phase() == WorkloadRecord.Phase.STOPPED) {
            return;
        }
        LeasedContract contract = ledger.contract(record.contract());
        if (contract == null || contract.state() != LeasedContract.State.ACTIVE) {
            stopWorkload(record);
        } else if (record.phase() == WorkloadRecord.Phase.RUNNING || record.phase() == WorkloadRecord.Phase.UPLOADED) {
            resume(record);
        }
        recovered.add(record.contract());
    }

    private void resume(WorkloadRecord record) throws IOException {
        Provisioner provisioner = provisioners.get(record.kind());
        if (provisioner == null) {
            LOG.warning("contract " + record.contract() + " runs kind '" + record.kind() + "', which this machine no longer probes as runnable");
            save(record.with(WorkloadRecord.Phase.FINISHED));
            return;
        }
        WorkloadSpec spec = spec(record.contract(), record.kind());
        if (provisioner.adopt(spec)) {
            LOG.info("adopted workload of contract " + record.contract());
        } else {
            try {
                provisioner.start(spec);
                LOG.info("restarted workload of contract " + record.contract() + " (nothing alive to adopt)");
            } catch (ProvisionException e) {
                LOG.warning("could not restart workload of contract " + record.contract() + ": " + e.getMessage());
                save(record.with(WorkloadRecord.Phase.FINISHED));
                return;
            }
        }
        route(save(record.with(WorkloadRecord.Phase.RUNNING)));
    }

    // ---- uploads ----------------------------------------------------------------------------

    /**
     * Takes a developer's workload for an active contract and starts it. {@code artifact} is a
     * temp file the caller streamed the upload to (bounded by {@code artifactSizeBytesMax}); it is
     * moved, not copied. Repeating an accepted upload changes nothing.
     */
    public synchronized Map<String, Object> upload(long contract_id, byte[] signature, byte[] env_payload, Path artifact)
            throws AgentException, IOException {
        LeasedContract contract = ledger.contract(contract_id);
        if (contract == null) {
            throw new AgentException(404, "contract " + contract_id + " is not one of this provider's contracts");
        }
        if (contract.state() != LeasedContract.State.ACTIVE) {
            throw new AgentException(409, "contract " + contract_id + " is " + contract.state().name().toLowerCase(java.util.Locale.ROOT)
                    + "; workloads are uploaded to active contracts");
        }
        JobRequest job = job(contract);
        byte[] artifact_sha = sha256(artifact);
        if (!Arrays.equals(artifact_sha, job.workloadSha256()) || Files.size(artifact) != job.workloadSizeBytes()) {
            throw new AgentException(422, "workload: its SHA-256 and size must be those in contract " + contract_id + "'s request");
        }
        if (!Arrays.equals(Sha256.hash(env_payload), job.envSha256())) {
            throw new AgentException(422, "env: its SHA-256 must be the env_sha256 in contract " + contract_id + "'s request");
        }
        if (!UploadSignature.verify(contract.developer(), signature, contract_id, artifact_sha, job.envSha256())) {
            throw new AgentException(403, "signature: must be the contract's developer's signature over this upload");
        }
        EnvPayload.parse(env_payload);
        WorkloadRecord existing = records.get(contract_id);
        if (existing != null) {
            return status(contract_id);
        }
        Path dir = Files.createDirectories(dir(contract_id));
        Files.write(dir.resolve("env.json"), env_payload);
        Files.move(artifact, dir.resolve("artifact"), StandardCopyOption.REPLACE_EXISTING);
        WorkloadRecord record = save(new WorkloadRecord(contract_id, job.kind(), WorkloadRecord.Phase.UPLOADED, Map.of(), false, false));
        try {
            provisioners.get(job.kind()).start(spec(contract_id, job.kind()));
        } catch (ProvisionException e) {
            save(record.with(WorkloadRecord.Phase.FINISHED));
            throw new AgentException(422, e.getMessage());
        }
        try {
            route(save(record.with(WorkloadRecord.Phase.RUNNING)));
        } catch (IOException | RuntimeException e) {
            // A workload nobody can reach is not a running workload: take it down and say why.
            stopWorkload(records.get(contract_id));
            throw new AgentException(503, "could not route ingress to contract " + contract_id + "'s workload: " + e.getMessage());
        }
        postAccess(contract);
        return status(contract_id);
    }

    private JobRequest job(LeasedContract contract) throws AgentException {
        JobRequest job;
        try {
            job = JobRequest.parse(contract.request());
        } catch (IllegalArgumentException e) {
            throw new AgentException(422, e.getMessage());
        }
        if (job == null) {
            throw new AgentException(422, "contract " + contract.id() + "'s request names no workload");
        }
        if (!provisioners.containsKey(job.kind())) {
            throw new AgentException(422, "this agent cannot run workload kind '" + job.kind() + "' (it runs " + kinds() + ")");
        }
        return job;
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    // ---- routes and access ------------------------------------------------------------------

    /** Points the ingress at a running service workload, keeping forwarded ports stable across restarts. */
    private void route(WorkloadRecord record) throws IOException {
        WorkloadAddress address = provisioners.get(record.kind()).address(workloadId(record.contract()));
        if (address == null) {
            return;
        }
        router.routes().put(record.contract(), new Backend(address.host(), address.httpsPort(), address.httpPort()));
        Map<Integer, Integer> forwards = new TreeMap<>();
        for (int port : address.tcpPorts()) {
            int preferred = record.forwards().getOrDefault(port, 0);
            InetSocketAddress target = new InetSocketAddress(address.host(), port);
            forwards.put(port, preferred == 0 ? router.forward(record.contract(), target) : router.forward(record.contract(), target, preferred));
        }
        save(record.withForwards(forwards));
    }

    /** Endpoints as the developer will use them, sealed to the contract's access key and posted on-ledger. */
    private void postAccess(LeasedContract contract) {
        WorkloadRecord record = records.get(contract.id());
        if (record == null || record.accessPosted()) {
            return;
        }
        try {
            byte[] details = AccessDetails.json(contract.id(), record, provisioners.get(record.kind()).address(workloadId(contract.id())),
                    settings, router);
            ledger.postAccess(contract.id(), SealedBox.seal(contract.accessKey(), details, random));
            save(records.get(contract.id()).withAccessPosted());
        } catch (IOException | RuntimeException e) {
            LOG.warning("could not post access details of contract " + contract.id() + " (will retry): " + e.getMessage());
        }
    }

    // ---- reconciliation ---------------------------------------------------------------------

    /** One pass of keeping promises: answer requests, post access and results, stop what ended. */
    public synchronized void tick() throws IOException {
        List<LeasedContract> open = ledger.openContracts();
        java.util.Set<Long> active = new java.util.TreeSet<>();
        for (LeasedContract contract : open) {
            if (contract.state() == LeasedContract.State.REQUESTED) {
                answer(contract);
            } else if (contract.state() == LeasedContract.State.ACTIVE) {
                active.add(contract.id());
                postAccess(contract);
            }
        }
        for (WorkloadRecord record : List.copyOf(records.values())) {
            if (record.phase() == WorkloadRecord.Phase.STOPPED) {
                continue;
            }
            if (!active.contains(record.contract())) {
                LeasedContract now = ledger.contract(record.contract());
                if (now == null || now.state() == LeasedContract.State.CLOSED) {
                    stopWorkload(record);
                    continue;
                }
            }
            watch(record);
        }
    }

    private void answer(LeasedContract contract) {
        try {
            JobRequest job;
            try {
                job = job(contract);
            } catch (AgentException e) {
                if (JobRequest.parse(contract.request()) != null) {
                    ledger.reject(contract.id(), e.getMessage());
                }
                return;
            }
            if (!contract.offeringKinds().contains(job.kind())) {
                ledger.reject(contract.id(), "offering " + contract.offering() + " does not sell workload kind '" + job.kind() + "'");
            } else if (job.workloadSizeBytes() > settings.artifactSizeBytesMax()) {
                ledger.reject(contract.id(), "workload is " + job.workloadSizeBytes() + " bytes; this agent takes at most "
                        + settings.artifactSizeBytesMax());
            } else if (settings.autoAccept()) {
                ledger.accept(contract.id());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("could not answer request " + contract.id() + " (will retry): " + e.getMessage());
        }
    }

    /** Notices finished batch jobs and posts their result hash once; keeps service logs bounded. */
    private void watch(WorkloadRecord record) throws IOException {
        Provisioner provisioner = provisioners.get(record.kind());
        String id = workloadId(record.contract());
        WorkloadStatus status = provisioner.status(id);
        Path result = dir(record.contract()).resolve("result");
        dcloud.compute.provision.Logs.bound(result.resolve("stdout"), settings.limits().outputBytesMax());
        dcloud.compute.provision.Logs.bound(result.resolve("stderr"), settings.limits().outputBytesMax());
        if (record.phase() == WorkloadRecord.Phase.RUNNING && status.state().isFinal()) {
            record = save(record.with(WorkloadRecord.Phase.FINISHED));
        }
        if (record.phase() == WorkloadRecord.Phase.FINISHED && !record.resultPosted() && provisioner.address(id) == null
                && "wasm".equals(record.kind())) {
            if (settings.faultCorruptResults()) {
                Files.writeString(result.resolve("stdout"), "(tampered)\n", java.nio.file.StandardOpenOption.APPEND,
                        java.nio.file.StandardOpenOption.CREATE);
            }
            ledger.postResult(record.contract(), ResultDigest.of(result));
            save(record.withResultPosted());
        }
    }

    private void stopWorkload(WorkloadRecord record) throws IOException {
        router.routes().remove(record.contract());
        router.release(record.contract());
        Provisioner provisioner = provisioners.get(record.kind());
        if (provisioner != null) {
            provisioner.stop(workloadId(record.contract()));
        }
        Files.deleteIfExists(dir(record.contract()).resolve("artifact"));
        Files.deleteIfExists(dir(record.contract()).resolve("env.json"));
        save(record.with(WorkloadRecord.Phase.STOPPED));
        LOG.info("stopped workload of closed contract " + record.contract());
    }

    private WorkloadRecord save(WorkloadRecord record) throws IOException {
        record.save(Files.createDirectories(dir(record.contract())));
        records.put(record.contract(), record);
        return record;
    }

    // ---- what developers read ---------------------------------------------------------------

    /** Public status of a contract's workload (no secrets: state words and ports only). */
    public Map<String, Object> status(long contract) throws AgentException {
        WorkloadRecord record = records.get(contract);
        if (record == null) {
            throw new AgentException(404, "contract " + contract + " has no workload on this agent (upload one first)");
        }
        WorkloadStatus status = record.phase() == WorkloadRecord.Phase.STOPPED
                ? new WorkloadStatus(WorkloadStatus.State.STOPPED, 0, "contract closed; workload stopped")
                : provisioners.get(record.kind()).status(workloadId(contract));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contract", contract);
        out.put("kind", record.kind());
        out.put("phase", record.phase().name().toLowerCase(java.util.Locale.ROOT));
        out.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
        out.put("exit_code", status.exitCode());
        out.put("detail", status.detail());
        out.put("result_posted", record.resultPosted());
        out.put("forwarded_ports", record.forwards());
        return out;
    }

    /** The tail of the workload's stdout and stderr, sealed to the developer (only they can read it). */
    public byte[] sealedLogs(long contract) throws AgentException, IOException {
        LeasedContract leased = known(contract);
        String logs = dcloud.compute.provision.Logs.tail(dir(contract).resolve("result"), AgentSettings.LOGS_SIZE_BYTES_MAX);
        return SealedBox.seal(leased.accessKey(), logs.getBytes(java.nio.charset.StandardCharsets.UTF_8), random);
    }

    /** A finished batch job's result as a zip, sealed to the developer. */
    public byte[] sealedResult(long contract) throws AgentException, IOException {
        LeasedContract leased = known(contract);
        WorkloadRecord record = records.get(contract);
        if (record.phase() != WorkloadRecord.Phase.FINISHED && !record.resultPosted()) {
            throw new AgentException(409, "contract " + contract + "'s job has not finished yet (" + status(contract).get("state") + ")");
        }
        return SealedBox.seal(leased.accessKey(), ResultDigest.zip(dir(contract).resolve("result")), random);
    }

    private LeasedContract known(long contract) throws AgentException, IOException {
        if (!records.containsKey(contract)) {
            throw new AgentException(404, "contract " + contract + " has no workload on this agent");
        }
        LeasedContract leased = ledger.contract(contract);
        if (leased == null) {
            throw new AgentException(404, "contract " + contract + " is not one of this provider's contracts");
        }
        return leased;
    }
}
