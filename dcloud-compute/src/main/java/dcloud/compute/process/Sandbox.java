package dcloud.compute.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs a bundle's entrypoint confined: inside the workload's network
 * namespace ({@code ip netns exec}), in a bubblewrap sandbox with its own mount, pid, ipc and uts
 * namespaces, as the unprivileged user {@code nobody} with no capabilities ({@code setpriv}). The
 * sandbox sees the host's {@code /usr} read-only (the runtime: shells, interpreters, libraries), its
 * own bundle at {@code /app} (writable), a private {@code /tmp}, {@code /proc} and {@code /dev}, and
 * nothing else of the host: no {@code /etc}, no home directories, no agent data.
 */
final class Sandbox {
    static final int UID = 65_534;

    private Sandbox() {}

    static List<String> command(String netns, Path app_dir, Map<String, String> env, List<String> entrypoint) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns,
                "bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "workload", "--new-session", "--die-with-parent",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--bind", app_dir.toString(), "/app", "--chdir", "/app",
                "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/app"));
        env.forEach((key, value) -> {
            cmd.add("--setenv");
            cmd.add(key);
            cmd.add(value);
        });
        // bwrap runs as root so that it can mount paths only root may traverse (the agent's 0700 home);
        // inside, setpriv drops to nobody with no capabilities and no way to regain any.
        cmd.addAll(List.of("--", "setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all", "--"));
        cmd.addAll(entrypoint);
        return cmd;
    }

    /**
     * A root shell that joins the cgroups first (so every process the workload ever forks is
     * counted and limited), runs the sandbox as its child and writes the exit code where the agent
     * finds it even after its own restart.
     */
    static List<String> launcher(Path exit_file, List<Path> cgroup_procs, List<String> sandboxed) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "exit_file=$1; shift; while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; "
                        + "\"$@\"; echo $? > \"$exit_file\"", "dcloud-launcher", exit_file.toString()));
        cgroup_procs.forEach(p -> cmd.add(p.toString()));
        cmd.add("--");
        cmd.addAll(sandboxed);
        return cmd;
    }
}
