package dcloud.node.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.client.offering.OfferingFiles;
import dcloud.compute.agent.Agent;
import dcloud.compute.agent.AgentSettings;
import dcloud.compute.agent.Machine;
import dcloud.compute.ingress.IngressConfig;
import dcloud.compute.ingress.IngressRouter;
import dcloud.compute.process.ProcessProvisioner;
import dcloud.compute.provision.Limits;
import dcloud.compute.provision.ProbeResult;
import dcloud.compute.provision.Provisioner;
import dcloud.compute.wasm.WasmProvisioner;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.ComputeNodeRegistration;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.PublishOffering;
import dcloud.node.config.ComputeConfig;
import dcloud.node.provider.LedgerLink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute role: probes which workload kinds this machine can run, starts the ingress router
 * and the agent's API, registers the agent on-ledger, publishes the offerings it can back, and
 * reconciles the agent with the ledger on one scheduler thread.
 */
public final class ComputeRole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ComputeRole.class);
    private static final int WASM_JOBS_MAX = 2;

    private final ComputeConfig config;
    private final Path home;
    private final LedgerLink ledger;
    private final Map<String, Provisioner> provisioners;
    private final IngressRouter router;
    private final Agent agent;
    private final AgentServer server;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "compute-role");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean registered;
    private volatile boolean recovered;

    public ComputeRole(Path home, ComputeConfig config, KeyPair provider, String ledger_urls, Clock clock) throws IOException {
        this.config = config;
        this.home = home;
        this.ledger = new LedgerLink(ledger_urls, provider, clock);
        this.provisioners = probe(List.of(new WasmProvisioner(WASM_JOBS_MAX), new ProcessProvisioner()));
        this.router = new IngressRouter(new IngressConfig(config.ingressHost(), config.ingressHttpsPort(), config.ingressHttpPort(),
                config.ingressDomain(), IngressConfig.HELLO_TIMEOUT_MS_DEFAULT, IngressConfig.HELLO_SIZE_BYTES_MAX_DEFAULT,
                IngressConfig.HTTP_HEAD_SIZE_BYTES_MAX_DEFAULT, IngressConfig.CONNECTIONS_MAX_DEFAULT, IngressConfig.CONNECT_TIMEOUT_MS_DEFAULT,
                config.ingressTcpPortBase(), config.ingressTcpPortCount())).start();
        Limits limits = new Limits(config.memoryBytesMax(), config.cpuTimeMsMax(), config.cpuPercent(), config.processesMax(),
                config.outputBytesMax());
        Path workloads = home.resolve(config.workloadsDir());
        this.agent = new Agent(new AgentSettings(workloads.resolve("workloads"), config.publicHost(), config.agentPublicUrl(), limits,
                config.artifactSizeBytesMax(), config.autoAccept(), config.faultCorruptResults()), new LedgerComputePort(ledger), provisioners, router);
        this.server = new AgentServer(agent, workloads.resolve("uploads"), config.artifactSizeBytesMax(), config.agentHost(), config.agentPort());
        scheduler.scheduleWithFixedDelay(this::tick, 0, config.tickMs(), TimeUnit.MILLISECONDS);
        log.info("event=compute_role_started account={} agent={} https={} http={} kinds={}", Account.of(provider.publicKey()),
                config.agentPublicUrl(), router.httpsPort(), router.httpPort(), agent.kinds());
    }

    private static Map<String, Provisioner> probe(List<Provisioner> candidates) {
        Map<String, Provisioner> available = new TreeMap<>();
        for (Provisioner provisioner : candidates) {
            ProbeResult probe = provisioner.probe();
            if (probe.available()) {
                available.put(provisioner.kind(), provisioner);
                log.info("event=compute_kind_available kind={} detail=\"{}\"", provisioner.kind(), probe.detail());
            } else {
                log.warn("event=compute_kind_unavailable kind={} reason=\"{}\"", provisioner.kind(), probe.detail());
                provisioner.close();
            }
        }
        return available;
    }

    public Agent agent() {
        return agent;
    }

    public IngressRouter router() {
        return router;
    }

    public int agentPort() {
        return server.port();
    }

    private void tick() {
        try {
            if (!registered) {
                registered = register();
                if (registered) {
                    publishOfferings();
                }
            }
            if (!recovered) {
                recovered = agent.recover();
            }
            agent.tick();
        } catch (ApiException | IOException e) {
            log.warn("event=compute_tick_failed reason=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=compute_tick_error", e);
        }
    }

    /** Registers the agent, or updates its record when URL, domain or kinds changed. */
    private boolean register() throws ApiException {
        ComputeNodeRegistration registration = new ComputeNodeRegistration(config.agentPublicUrl(), config.ingressDomain(), agent.kinds());
        if (registration.kinds().isEmpty()) {
            log.error("event=compute_not_registered reason=\"this machine can run no workload kind; see compute_kind_unavailable above\"");
            return false;
        }
        String self = Account.of(ledger.key().publicKey()).toText();
        try {
            JsonNode node = ledger.get("/api/v1/compute/nodes/" + self);
            if (node.path("agent_url").asText().equals(registration.agentUrl())
                    && node.path("ingress_domain").asText().equals(registration.ingressDomain())
                    && node.path("kinds").toString().equals(dcloud.client.NodeClient.JSON.valueToTree(registration.kinds()).toString())) {
                return true;
            }
        } catch (ApiException e) {
            if (e.http_status != 404) {
                throw e;
            }
        }
        JsonNode answer = ledger.submit(registration);
        boolean ok = answer.path("status").asText().equals("committed");
        log.info("event=compute_agent_registration account={} ok={} answer=\"{}\"", self, ok, ok ? "" : answer.toString());
        return ok;
    }

    /** Publishes the offerings file's offerings this machine can back; refuses the rest, saying why. */
    private void publishOfferings() throws ApiException {
        if (config.offeringsFile() == null) {
            return;
        }
        List<Offering> offerings;
        try {
            offerings = OfferingFiles.read(home.resolve(config.offeringsFile()));
        } catch (IOException | RuntimeException e) {
            log.error("event=compute_offerings_unreadable file={} reason=\"{}\"", config.offeringsFile(), e.getMessage());
            return;
        }
        Machine machine = Machine.probe();
        for (Offering offering : offerings) {
            String problem = OfferingCheck.problem(offering, machine, agent.kinds());
            if (problem != null) {
                log.warn("event=compute_offering_refused id={} reason=\"{}\"", offering.localId(), problem);
                continue;
            }
            JsonNode answer = ledger.submit(new PublishOffering(offering));
            log.info("event=compute_offering_published id={} answer={}", offering.localId(), answer.path("status").asText());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        router.close();
        provisioners.values().forEach(Provisioner::close);
    }
}
