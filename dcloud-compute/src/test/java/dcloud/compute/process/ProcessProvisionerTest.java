package dcloud.compute.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dcloud.compute.provision.Limits;
import dcloud.compute.provision.ProbeResult;
import dcloud.compute.provision.ProvisionException;
import dcloud.compute.provision.WorkloadAddress;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sandboxes: bubblewrap, cgroups and network namespaces on this machine. Needs root (CI runs
 * as root and installs bubblewrap); elsewhere the tests are skipped with the probe's reason, but
 * never in CI, where a failed probe fails the run.
 */
@Timeout(60)
class ProcessProvisionerTest {
    static final Limits LIMITS = new Limits(256L << 20, 0, 100, 64, 1 << 20);
    static ProbeResult probe;

    @TempDir Path dir;
    final ProcessProvisioner provisioner = new ProcessProvisioner();
    final java.util.List<String> started = new java.util.ArrayList<>();

    @BeforeAll
    static void probeThisMachine() {
        probe = new ProcessProvisioner().probe();
        if (System.getenv("CI") != null) {
            assertThat(probe.available()).as(probe.detail()).isTrue();
        }
    }

    @AfterEach
    void stopEverything() {
        started.forEach(provisioner::stop);
    }

    WorkloadSpec bundle(String id, String manifest, Map<String, String> files, Limits limits) throws IOException {
        assumeTrue(probe.available(), probe.detail());
        Path src = Files.createDirectories(dir.resolve(id + "-src"));
        Files.writeString(src.resolve("dcloud.json"), manifest);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(src.resolve(file.getKey()), file.getValue());
        }
        Path archive = dir.resolve(id + ".tar.gz");
        HostCommand.must(List.of("tar", "-czf", archive.toString(), "-C", src.toString(), "."));
        started.add(id);
        return new WorkloadSpec(id, archive, Files.createDirectories(dir.resolve(id)), Map.of("GREETING", "hello"), limits);
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    static String httpGet(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(("GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    WorkloadSpec webServer(String id) throws IOException {
        return bundle(id, "{\"entrypoint\": [\"sh\", \"run.sh\"], \"http_port\": 8080}",
                Map.of("run.sh", "echo \"$GREETING from $(id -u)\" > hello.txt\nexec python3 -m http.server 8080 --bind 0.0.0.0\n"), LIMITS);
    }

    @Test
    void servesFromItsOwnNetworkNamespaceAndStopRemovesEverything() throws Exception {
        WorkloadSpec spec = webServer("web-1");
        provisioner.start(spec);
        WorkloadAddress address = provisioner.address("web-1");
        assertThat(address.host()).startsWith("10.201.");
        waitFor(() -> httpGet(address.host(), 8080).contains("hello from 65534"), "the server answers as nobody with the env it was given");

        provisioner.stop("web-1");

        assertThat(provisioner.status("web-1").state()).isEqualTo(WorkloadStatus.State.STOPPED);
        assertThat(new Cgroup(Cgroup.ROOT, "web-1").exists()).isFalse();
        assertThat(new NetNamespace("web-1", 0).exists()).isFalse();
        assertThat(httpGet(address.host(), 8080)).doesNotContain("hello");
    }

    @Test
    void seesNoHostFilesAndCannotReachTheHostsLoopback() throws Exception {
        Path secret = Files.writeString(dir.resolve("agent-secret.txt"), "TOP-SECRET");
        WorkloadSpec spec = bundle("snoop", "{\"entrypoint\": [\"sh\", \"snoop.sh\"]}", Map.of("snoop.sh",
                "cat /etc/hostname; cat " + secret + "; ls /root /work /home\n"
                        + "python3 -c \"import socket; socket.create_connection(('127.0.0.1', 22), 1)\" || echo loopback-closed\n"
                        + "python3 -c \"import socket; socket.create_connection(('1.1.1.1', 80), 1)\" || echo internet-closed\n"
                        + "exit 7\n"), LIMITS);
        provisioner.start(spec);
        waitFor(() -> provisioner.status("snoop").state().isFinal(), "the snoop exits");

        String logs = provisioner.logs("snoop", 64 * 1024);
        assertThat(provisioner.status("snoop").exitCode()).as(logs).isEqualTo(7);
        assertThat(logs).doesNotContain("TOP-SECRET").contains("No such file or directory", "loopback-closed", "internet-closed");
    }

    @Test
    void aForkBombHitsTheProcessCapAndTheHostKeepsForking() throws Exception {
        Limits few = new Limits(256L << 20, 0, 100, 16, 1 << 20);
        WorkloadSpec spec = bundle("bomb", "{\"entrypoint\": [\"python3\", \"bomb.py\"]}", Map.of("bomb.py", """
                import os, time
                forked = refused = 0
                for i in range(200):
                    try:
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        forked += 1
                    except OSError:
                        refused += 1
                print("spawned", forked, "refused", refused, flush=True)
                time.sleep(30)
                """), few);
        provisioner.start(spec);
        Cgroup cgroup = new Cgroup(Cgroup.ROOT, "bomb");
        waitFor(() -> provisioner.logs("bomb", 64 * 1024).contains("spawned"), "the bomb gives up");

        assertThat(cgroup.pids().size()).isLessThanOrEqualTo(16);
        assertThat(provisioner.logs("bomb", 64 * 1024)).containsPattern("spawned 1[0-5] refused 18[5-9]|spawned [0-9] refused 19");
        assertThat(HostCommand.run(List.of("true")).ok()).as("the host still forks").isTrue();
        provisioner.stop("bomb");
        assertThat(cgroup.exists()).isFalse();
    }

    @Test
    void aMemoryHogIsKilledAtItsCap() throws Exception {
        Limits small = new Limits(64L << 20, 0, 100, 64, 1 << 20);
        WorkloadSpec spec = bundle("hog", "{\"entrypoint\": [\"python3\", \"hog.py\"]}", Map.of("hog.py",
                "chunks = []\nfor i in range(64):\n    chunks.append(bytearray(16 << 20))\n    print(i, flush=True)\nprint('survived')\n"), small);
        provisioner.start(spec);
        waitFor(() -> provisioner.status("hog").state().isFinal(), "the hog ends");

        WorkloadStatus status = provisioner.status("hog");
        assertThat(status.state()).isEqualTo(WorkloadStatus.State.FAILED);
        assertThat(status.detail()).contains("memory limit");
        assertThat(provisioner.logs("hog", 64 * 1024)).doesNotContain("survived");
    }

    @Test
    void aRestartedAgentAdoptsTheRunningWorkloadInsteadOfStartingASecond() throws Exception {
        WorkloadSpec spec = webServer("adopted");
        provisioner.start(spec);
        String host = provisioner.address("adopted").host();
        waitFor(() -> httpGet(host, 8080).contains("hello"), "the server answers");
        List<Long> pids = new Cgroup(Cgroup.ROOT, "adopted").pids();

        ProcessProvisioner restarted = new ProcessProvisioner();
        assertThat(restarted.adopt(spec)).isTrue();

        assertThat(restarted.address("adopted").host()).isEqualTo(host);
        assertThat(new Cgroup(Cgroup.ROOT, "adopted").pids()).isEqualTo(pids);
        restarted.stop("adopted");
        assertThat(new ProcessProvisioner().adopt(spec)).as("nothing left to adopt").isFalse();
    }

    @Test
    void refusesABundleWithoutAManifestOrWithBadPorts() throws Exception {
        WorkloadSpec no_manifest = bundle("bad-1", "{}", Map.of(), LIMITS);
        Files.delete(dir.resolve("bad-1-src/dcloud.json"));
        HostCommand.must(List.of("tar", "-czf", no_manifest.artifact().toString(), "-C", dir.resolve("bad-1-src").toString(), "."));
        assertThatThrownBy(() -> provisioner.start(no_manifest)).isInstanceOf(ProvisionException.class).hasMessageContaining("no dcloud.json");

        WorkloadSpec bad_port = bundle("bad-2", "{\"entrypoint\": [\"true\"], \"http_port\": 70000}", Map.of(), LIMITS);
        assertThatThrownBy(() -> provisioner.start(bad_port)).isInstanceOf(ProvisionException.class).hasMessageContaining("1..65535");

        WorkloadSpec garbage = bundle("bad-3", "{}", Map.of(), LIMITS);
        Files.writeString(garbage.artifact(), "not a tarball");
        assertThatThrownBy(() -> provisioner.start(garbage)).isInstanceOf(ProvisionException.class).hasMessageContaining("not a readable .tar.gz");
        assertThat(new Cgroup(Cgroup.ROOT, "bad-3").exists()).isFalse();
    }
}
