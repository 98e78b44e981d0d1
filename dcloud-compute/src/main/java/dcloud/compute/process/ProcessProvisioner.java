package dcloud.compute.process;

import dcloud.compute.provision.Limits;
import dcloud.compute.provision.Logs;
import dcloud.compute.provision.ProbeResult;
import dcloud.compute.provision.ProvisionException;
import dcloud.compute.provision.Provisioner;
import dcloud.compute.provision.WorkloadAddress;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs bundles (see {@link Bundle}) as sandboxed processes for services such as web servers: one
 * cgroup (memory, process count, CPU share), one network namespace with a private link to the
 * host, one bubblewrap sandbox per workload (see {@link Sandbox}). Processes do not die with the
 * agent: after a restart, {@link #adopt} finds them again through their cgroup.
 */
public final class ProcessProvisioner implements Provisioner {
    private static final String EXIT_FILE = "exit_code";
    private static final String SLOT_FILE = "net_slot";
    private static final String STOPPED_FILE = "stopped";
    private static final int JOIN_WAIT_ROUNDS_MAX = 500;
    private static final long JOIN_WAIT_STEP_MS = 10;

    private final Path cgroup_root;
    private final long unpacked_bytes_max;
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
    private final BitSet slots_used = new BitSet(NetNamespace.SLOTS_MAX);

    private record Running(WorkloadSpec spec, Bundle bundle, Cgroup cgroup, NetNamespace net, int slot) {}

    public ProcessProvisioner(Path cgroup_root, long unpacked_bytes_max) {
        this.cgroup_root = cgroup_root;
        this.unpacked_bytes_max = unpacked_bytes_max;
    }

    public ProcessProvisioner() {
        this(Cgroup.ROOT, 1L << 30);
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public ProbeResult probe() {
        for (List<String> tool : List.of(List.of("bwrap", "--version"), List.of("setpriv", "--version"), List.of("ip", "-V"),
                List.of("tar", "--version"))) {
            HostCommand.Result found = HostCommand.run(tool);
            if (!found.ok()) {
                return ProbeResult.no(tool.get(0) + " is missing or broken (" + found.output() + "); install bubblewrap, util-linux, iproute2, tar");
            }
        }
        String cgroups = Cgroup.probe(cgroup_root);
        if (cgroups != null) {
            return ProbeResult.no(cgroups);
        }
        String net = NetNamespace.probe();
        if (net != null) {
            return ProbeResult.no(net);
        }
        HostCommand.Result sandbox = HostCommand.run(List.of("bwrap", "--unshare-all", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin",
                "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--", "/bin/true"));
        if (!sandbox.ok()) {
            return ProbeResult.no("bubblewrap cannot create a sandbox here: " + sandbox.output());
        }
        return ProbeResult.yes("bubblewrap sandbox, cgroup " + (Cgroup.isV2(cgroup_root) ? "v2" : "v1") + " limits, own network namespace");
    }

    @Override
    public void start(WorkloadSpec spec) throws ProvisionException {
        stop(spec.id());
        try {
            Files.deleteIfExists(spec.workDir().resolve(STOPPED_FILE));
            Files.deleteIfExists(spec.workDir().resolve(EXIT_FILE));
            Path app = spec.workDir().resolve("app");
            dcloud.core.files.FileTrees.delete(app);
            Bundle bundle = Bundle.unpack(spec.artifact(), app, unpacked_bytes_max);
            HostCommand.must(List.of("chown", "-R", Sandbox.UID + ":" + Sandbox.UID, app.toString()));
            int slot = allocateSlot();
            Files.writeString(spec.workDir().resolve(SLOT_FILE), Integer.toString(slot));
            Running run = new Running(spec, bundle, new Cgroup(cgroup_root, spec.id()), new NetNamespace(spec.id(), slot), slot);
            running.put(spec.id(), run);
            launch(run);
        } catch (IOException e) {
            stop(spec.id());
            throw new ProvisionException("could not start process workload " + spec.id() + ": " + e.getMessage(), e);
        } catch (ProvisionException e) {
            stop(spec.id());
            throw e;
        }
    }

    private void launch(Running run) throws IOException {
        Limits limits = run.spec().limits();
        run.cgroup().create(limits.memoryBytesMax(), limits.cpuPercent(), limits.processesMax());
        run.net().create();
        Path result = Files.createDirectories(run.spec().resultDir());
        List<String> sandboxed = Sandbox.command(run.net().name(), run.spec().workDir().resolve("app"), run.spec().env(),
                run.bundle().entrypoint());
        Process launcher = new ProcessBuilder(Sandbox.launcher(run.spec().workDir().resolve(EXIT_FILE), run.cgroup().procsFiles(), sandboxed))
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(result.resolve("stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(result.resolve("stderr").toFile()))
                .start();
        // Return only once the launcher is inside its cgroup (or already done), so that status() never
        // mistakes a workload that is still starting for one whose processes vanished.
        for (int i = 0; i < JOIN_WAIT_ROUNDS_MAX && launcher.isAlive() && run.cgroup().pids().isEmpty(); i++) {
            sleep(JOIN_WAIT_STEP_MS);
        }
        if (launcher.isAlive() && run.cgroup().pids().isEmpty()) {
            throw new IOException("the sandbox launcher did not join its cgroup within " + JOIN_WAIT_ROUNDS_MAX * JOIN_WAIT_STEP_MS + " ms");
        }
        if (!launcher.isAlive()) {
            // Exit code written by the launcher: also reap it now so that no zombie stays behind.
            launcher.onExit().join();
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
    }

    @Override
    public boolean adopt(WorkloadSpec spec) {
        Cgroup cgroup = new Cgroup(cgroup_root, spec.id());
        if (cgroup.pids().isEmpty()) {
            return false;
        }
        try {
            int slot = Integer.parseInt(Files.readString(spec.workDir().resolve(SLOT_FILE)).strip());
            Bundle bundle = Bundle.readManifest(spec.workDir().resolve("app"));
            synchronized (slots_used) {
                slots_used.set(slot);
            }
            running.put(spec.id(), new Running(spec, bundle, cgroup, new NetNamespace(spec.id(), slot), slot));
            return true;
        } catch (IOException | ProvisionException | NumberFormatException e) {
            // Alive but unreadable: kill it rather than leave an orphan nobody can route to or stop.
            cgroup.killAndRemove();
            return false;
        }
    }

    @Override
    public WorkloadStatus status(String workload_id) {
        Running run = running.get(workload_id);
        if (run == null) {
            return WorkloadStatus.unknown(workload_id);
        }
        if (!run.cgroup().pids().isEmpty()) {
            return WorkloadStatus.running();
        }
        Path dir = run.spec().workDir();
        if (Files.exists(dir.resolve(STOPPED_FILE))) {
            return new WorkloadStatus(WorkloadStatus.State.STOPPED, 0, "stopped");
        }
        try {
            int code = Integer.parseInt(Files.readString(dir.resolve(EXIT_FILE)).strip());
            if (code == 0) {
                return new WorkloadStatus(WorkloadStatus.State.SUCCEEDED, 0, "exited 0");
            }
            String why = run.cgroup().hitMemoryLimit() ? "killed at its memory limit of " + run.spec().limits().memoryBytesMax() + " bytes"
                    : "exited " + code;
            return new WorkloadStatus(WorkloadStatus.State.FAILED, code, why);
        } catch (IOException | NumberFormatException e) {
            return new WorkloadStatus(WorkloadStatus.State.FAILED, -1, "its processes vanished without an exit code");
        }
    }

    @Override
    public String logs(String workload_id, int size_bytes_max) {
        Running run = running.get(workload_id);
        if (run == null) {
            return "";
        }
        return Logs.tail(run.spec().resultDir(), size_bytes_max);
    }

    @Override
    public void stop(String workload_id) {
        Running run = running.remove(workload_id);
        Cgroup cgroup = run != null ? run.cgroup() : new Cgroup(cgroup_root, workload_id);
        cgroup.killAndRemove();
        if (run != null) {
            run.net().delete();
            synchronized (slots_used) {
                slots_used.clear(run.slot());
            }
            try {
                Files.writeString(run.spec().workDir().resolve(STOPPED_FILE), "stopped");
            } catch (IOException e) {
                // The work dir may be gone already; nothing runs any more either way.
            }
            running.put(workload_id, run);
        }
    }

    /** Forgets a stopped workload entirely (the agent calls it once the contract is closed and reported). */
    public void forget(String workload_id) {
        Running run = running.get(workload_id);
        if (run != null && run.cgroup().pids().isEmpty()) {
            running.remove(workload_id);
        }
    }

    @Override
    public WorkloadAddress address(String workload_id) {
        Running run = running.get(workload_id);
        if (run == null || run.cgroup().pids().isEmpty()) {
            return null;
        }
        return new WorkloadAddress(run.net().workloadAddress(), run.bundle().httpsPort(), run.bundle().httpPort(), run.bundle().tcpPorts());
    }

    private int allocateSlot() throws IOException {
        synchronized (slots_used) {
            int slot = slots_used.nextClearBit(0);
            if (slot >= NetNamespace.SLOTS_MAX - 1) {
                throw new IOException("all " + (NetNamespace.SLOTS_MAX - 1) + " network slots are in use");
            }
            slots_used.set(slot);
            return slot;
        }
    }

}
