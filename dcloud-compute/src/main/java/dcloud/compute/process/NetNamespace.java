package dcloud.compute.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A workload's own network namespace ({@code dcw-<id>}), joined to the host by one veth pair on a
 * private /30: the host side is {@code .1}, the workload {@code .2}. The workload sees only its own
 * loopback and that link, with no default route, so it reaches neither the internet nor the host's
 * loopback services; the ingress router reaches it at {@link #workloadAddress()}.
 */
final class NetNamespace {
    /** Slots map to 10.201.0.0/16 in /30 steps. */
    static final int SLOTS_MAX = 16_384;

    private final String id;
    private final int slot;

    NetNamespace(String id, int slot) {
        if (slot < 0 || slot >= SLOTS_MAX) {
            throw new IllegalArgumentException("network slot must be in [0, " + SLOTS_MAX + "), got " + slot);
        }
        this.id = id;
        this.slot = slot;
    }

    String name() {
        return "dcw-" + id;
    }

    /** Interface names are limited to 15 bytes by the kernel, so the host side is named by slot. */
    private String hostLink() {
        return "dcvh" + slot;
    }

    private String base() {
        int third = slot / 64;
        int fourth = (slot % 64) * 4;
        return "10.201." + third + "." + fourth;
    }

    String hostAddress() {
        return base().substring(0, base().lastIndexOf('.') + 1) + ((slot % 64) * 4 + 1);
    }

    String workloadAddress() {
        return base().substring(0, base().lastIndexOf('.') + 1) + ((slot % 64) * 4 + 2);
    }

    void create() throws IOException {
        delete();
        HostCommand.must(List.of("ip", "netns", "add", name()));
        HostCommand.must(List.of("ip", "link", "add", hostLink(), "type", "veth", "peer", "name", "eth0", "netns", name()));
        HostCommand.must(List.of("ip", "addr", "add", hostAddress() + "/30", "dev", hostLink()));
        HostCommand.must(List.of("ip", "link", "set", hostLink(), "up"));
        HostCommand.must(List.of("ip", "-n", name(), "addr", "add", workloadAddress() + "/30", "dev", "eth0"));
        HostCommand.must(List.of("ip", "-n", name(), "link", "set", "eth0", "up"));
        HostCommand.must(List.of("ip", "-n", name(), "link", "set", "lo", "up"));
    }

    boolean exists() {
        return HostCommand.run(List.of("ip", "netns", "pids", name())).ok();
    }

    /** Deleting the namespace also deletes the veth pair; the extra link delete covers a half-made setup. */
    void delete() {
        HostCommand.run(List.of("ip", "netns", "del", name()));
        HostCommand.run(List.of("ip", "link", "del", hostLink()));
    }

    /**
     * Checks this machine lets the agent create namespaces and links; null when it does, else why not.
     * Every probe uses the last slot, so its host link has one name on the whole machine: agents
     * starting together (a devnet's compute nodes) take turns under a host-wide file lock (and threads of one
     * JVM under the method's monitor, since a JVM may hold a file lock once), or one
     * probe's cleanup deletes another's veth pair midway ("Cannot find device eth0").
     */
    static synchronized String probe() {
        NetNamespace test = new NetNamespace("probe-" + ProcessHandle.current().pid(), SLOTS_MAX - 1);
        Path lock_file = Path.of(System.getProperty("java.io.tmpdir"), "dcloud-netns-probe.lock");
        try (FileChannel channel = FileChannel.open(lock_file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock turn = channel.lock()) {
            try {
                test.create();
                return null;
            } finally {
                test.delete();
            }
        } catch (IOException e) {
            return "cannot create network namespaces (needs root or CAP_NET_ADMIN and iproute2): " + e.getMessage();
        }
    }
}
