package dcloud.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dcloud.compute.ingress.IngressConfig;
import dcloud.compute.ingress.IngressRouter;
import dcloud.compute.provision.Limits;
import dcloud.compute.wasm.WasmProvisioner;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.SealedBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against an in-memory ledger and a real wasm provisioner: what it accepts, refuses, posts and stops. */
class AgentTest {
    static final Limits LIMITS = new Limits(16L << 20, 5_000, 100, 16, 1 << 20);

    @TempDir Path dir;
    final FakeLedger ledger = new FakeLedger();
    final KeyPair developer = KeyPair.generate(new SecureRandom());
    final SealedBox.AccessKey access = SealedBox.accessKeyFor(developer);
    IngressRouter router;
    WasmProvisioner wasm;
    Agent agent;

    /** The ledger as the agent sees it, with what the agent did to it recorded. */
    static final class FakeLedger implements ComputeLedger {
        final Map<Long, LeasedContract> contracts = new TreeMap<>();
        final List<String> actions = new ArrayList<>();
        final Map<Long, byte[]> results = new TreeMap<>();
        final Map<Long, byte[]> access = new TreeMap<>();

        @Override
        public List<LeasedContract> openContracts() {
            return contracts.values().stream().filter(c -> c.state() != LeasedContract.State.CLOSED).toList();
        }

        @Override
        public LeasedContract contract(long id) {
            return contracts.get(id);
        }

        void set(long id, LeasedContract.State state) {
            LeasedContract c = contracts.get(id);
            contracts.put(id, new LeasedContract(id, c.offering(), state, c.developer(), c.accessKey(), c.request(), c.offeringKinds()));
        }

        @Override
        public void accept(long contract) {
            actions.add("accept " + contract);
            set(contract, LeasedContract.State.ACTIVE);
        }

        @Override
        public void reject(long contract, String reason) {
            actions.add("reject " + contract + ": " + reason);
            set(contract, LeasedContract.State.CLOSED);
        }

        @Override
        public void postAccess(long contract, byte[] sealed) {
            access.put(contract, sealed);
        }

        @Override
        public void postResult(long contract, byte[] sha256) {
            results.put(contract, sha256);
        }
    }

    @BeforeEach
    void startAgent() throws IOException {
        router = new IngressRouter(IngressConfig.defaults("c0.test")).start();
        wasm = new WasmProvisioner(2);
        agent = new Agent(new AgentSettings(dir.resolve("workloads"), "127.0.0.1", "http://127.0.0.1:1", LIMITS, 1 << 20, true, false),
                ledger, Map.of("wasm", wasm), router);
        agent.recover();
    }

    @AfterEach
    void stopAgent() {
        wasm.close();
        router.close();
    }

    byte[] module() throws IOException {
        return Wat2Wasm.parse(Files.readString(Path.of("src/test/resources/wasm/hello.wat")));
    }

    record Job(Path file, byte[] env, JobRequest request) {}

    Job job(String kind) throws IOException {
        Path file = dir.resolve("job-" + System.nanoTime() + ".wasm");
        Files.write(file, module());
        byte[] env = EnvPayload.build(Map.of("GREETING", "hi"), new SecureRandom());
        return new Job(file, env, new JobRequest(kind, dcloud.core.crypto.Sha256.hash(Files.readAllBytes(file)), Files.size(file),
                dcloud.core.crypto.Sha256.hash(env)));
    }

    void request(long id, Job job, List<String> kinds) {
        ledger.contracts.put(id, new LeasedContract(id, 7, LeasedContract.State.REQUESTED, developer.publicKey(), access.publicKey(),
                job.request().encode(), kinds));
    }

    Map<String, Object> upload(long id, Job job, KeyPair signer) throws Exception {
        Path copy = Files.copy(job.file(), dir.resolve("upload-" + System.nanoTime()));
        return agent.upload(id, UploadSignature.sign(signer, id, job.request().workloadSha256(), job.env()), job.env(), copy);
    }

    void tickUntil(java.util.function.BooleanSupplier done) throws Exception {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            agent.tick();
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    @Test
    void acceptsWhatItCanRunAndRejectsKindsItCannotOrTheOfferingDoesNotSell() throws Exception {
        request(1, job("wasm"), List.of("wasm"));
        request(2, job("process"), List.of("wasm", "process"));
        request(3, job("wasm"), List.of("process"));
        agent.tick();
        assertThat(ledger.actions).containsExactly("accept 1", "reject 2: this agent cannot run workload kind 'process' (it runs [wasm])",
                "reject 3: offering 7 does not sell workload kind 'wasm'");
    }

    @Test
    void runsASignedUploadPostsSealedAccessAndTheResultHashThenServesTheSealedResult() throws Exception {
        Job job = job("wasm");
        request(1, job, List.of("wasm"));
        agent.tick();
        upload(1, job, developer);

        tickUntil(() -> ledger.results.containsKey(1L));

        Path out = dir.resolve("out");
        byte[] digest = ResultDigest.unzip(SealedBox.open(access, agent.sealedResult(1)), out, 1 << 20);
        assertThat(digest).isEqualTo(ledger.results.get(1L));
        assertThat(Files.readString(out.resolve("stdout"))).isEqualTo("hello\njob\nGREETING=hi\n");
        assertThat(new String(SealedBox.open(access, ledger.access.get(1L)))).contains("\"kind\":\"wasm\"");
        assertThat(new String(SealedBox.open(access, agent.sealedLogs(1)))).contains("warning");
    }

    @Test
    void refusesUploadsNotSignedByTheDeveloperOrNotMatchingTheRequestAndKeepsNothing() throws Exception {
        Job job = job("wasm");
        request(1, job, List.of("wasm"));
        assertThatThrownBy(() -> upload(1, job, developer)).hasMessageContaining("is requested");
        agent.tick();
        KeyPair stranger = KeyPair.generate(new SecureRandom());
        assertThatThrownBy(() -> upload(1, job, stranger)).isInstanceOf(AgentException.class).hasMessageContaining("signature");
        Job other = job("wasm");
        Files.write(other.file(), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Path copy = Files.copy(other.file(), dir.resolve("other"));
        assertThatThrownBy(() -> agent.upload(1, UploadSignature.sign(developer, 1, dcloud.core.crypto.Sha256.hash(Files.readAllBytes(copy)),
                job.env()), job.env(), copy)).hasMessageContaining("SHA-256 and size");
        assertThatThrownBy(() -> agent.status(1)).hasMessageContaining("has no workload");
        assertThatThrownBy(() -> upload(99, job, developer)).hasMessageContaining("not one of this provider's contracts");
    }

    @Test
    void stopsAndForgetsTheWorkloadOnceTheLedgerClosesTheContractAndARestartedAgentDoesNotRerunIt() throws Exception {
        Job job = job("wasm");
        request(1, job, List.of("wasm"));
        agent.tick();
        upload(1, job, developer);
        tickUntil(() -> ledger.results.containsKey(1L));
        ledger.set(1, LeasedContract.State.CLOSED);

        agent.tick();

        assertThat(agent.status(1).get("phase")).isEqualTo("stopped");
        assertThat(dir.resolve("workloads/1/artifact")).doesNotExist();
        Agent restarted = new Agent(new AgentSettings(dir.resolve("workloads"), "127.0.0.1", "http://127.0.0.1:1", LIMITS, 1 << 20, true, false),
                ledger, Map.of("wasm", wasm), router);
        assertThat(restarted.recover()).isTrue();
        assertThat(restarted.status(1).get("phase")).isEqualTo("stopped");
    }
}
