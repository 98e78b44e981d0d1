package dcloud.compute.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.compute.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process workload: a .tar.gz whose root holds {@code dcloud.json}:
 * <pre>{"entrypoint": ["python3", "server.py"], "https_port": 8443, "http_port": 8080, "tcp_ports": [9000]}</pre>
 * The entrypoint runs in {@code /app} (the unpacked bundle); ports are where it listens inside its
 * namespace (0 or absent = not served). Unpacking is bounded by size and entry count before a byte
 * is written, so a compression bomb is refused, not unpacked.
 */
record Bundle(List<String> entrypoint, int httpsPort, int httpPort, List<Integer> tcpPorts) {
    static final String MANIFEST = "dcloud.json";
    static final int TCP_PORTS_MAX = 4;
    static final int ENTRIES_MAX = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Unpacks {@code archive} into {@code app_dir} (which must not exist) and reads its manifest. */
    static Bundle unpack(Path archive, Path app_dir, long unpacked_bytes_max) throws ProvisionException, IOException {
        checkListing(archive, unpacked_bytes_max);
        Files.createDirectories(app_dir);
        HostCommand.Result unpacked = HostCommand.run(List.of("tar", "-xzf", archive.toString(), "-C", app_dir.toString(),
                "--no-same-owner", "--no-overwrite-dir"), 60_000);
        if (!unpacked.ok()) {
            throw new ProvisionException("bundle: not a readable .tar.gz: " + unpacked.output());
        }
        return readManifest(app_dir);
    }

    private static void checkListing(Path archive, long unpacked_bytes_max) throws ProvisionException {
        HostCommand.Result listing = HostCommand.run(List.of("tar", "-tvzf", archive.toString()), 60_000);
        if (!listing.ok()) {
            throw new ProvisionException("bundle: not a readable .tar.gz: " + listing.output());
        }
        long total = 0;
        long entries = listing.output().lines().count();
        for (String line : listing.output().lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[2].matches("\\d{1,18}")) {
                total += Long.parseLong(fields[2]);
            }
        }
        if (entries > ENTRIES_MAX || total > unpacked_bytes_max) {
            throw new ProvisionException("bundle: unpacks to " + total + " bytes in " + entries + " entries; the limits are "
                    + unpacked_bytes_max + " bytes and " + ENTRIES_MAX + " entries");
        }
    }

    static Bundle readManifest(Path app_dir) throws ProvisionException, IOException {
        Path manifest = app_dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            throw new ProvisionException("bundle: no " + MANIFEST + " at the archive's root (a regular file, not a link)");
        }
        JsonNode m;
        try {
            m = JSON.readTree(Files.readString(manifest));
        } catch (IOException e) {
            throw new ProvisionException("bundle: " + MANIFEST + " is not JSON: " + e.getMessage());
        }
        List<String> entrypoint = new ArrayList<>();
        m.path("entrypoint").forEach(part -> entrypoint.add(part.asText()));
        if (entrypoint.isEmpty() || entrypoint.stream().anyMatch(String::isEmpty)) {
            throw new ProvisionException("bundle: " + MANIFEST + " entrypoint must be a non-empty list of non-empty strings");
        }
        List<Integer> tcp = new ArrayList<>();
        m.path("tcp_ports").forEach(p -> tcp.add(p.asInt(-1)));
        if (tcp.size() > TCP_PORTS_MAX) {
            throw new ProvisionException("bundle: tcp_ports: at most " + TCP_PORTS_MAX + " forwarded ports, got " + tcp.size());
        }
        Bundle bundle = new Bundle(entrypoint, m.path("https_port").asInt(0), m.path("http_port").asInt(0), tcp);
        for (int port : bundle.allPorts()) {
            if (port < 1 || port > 65_535) {
                throw new ProvisionException("bundle: ports must be in 1..65535, got " + port);
            }
        }
        return bundle;
    }

    List<Integer> allPorts() {
        List<Integer> ports = new ArrayList<>(tcpPorts);
        if (httpsPort != 0) {
            ports.add(httpsPort);
        }
        if (httpPort != 0) {
            ports.add(httpPort);
        }
        return ports;
    }
}
