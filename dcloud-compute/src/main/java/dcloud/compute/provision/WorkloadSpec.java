package dcloud.compute.provision;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One workload to run: {@code artifact} is the developer's upload (a .wasm module or a .tar.gz
 * bundle), {@code workDir} is the workload's own directory, which the provisioner owns (results in
 * {@code workDir/result}: stdout, stderr, out/). Env is sorted so that two replicas see the same.
 */
public record WorkloadSpec(String id, Path artifact, Path workDir, SortedMap<String, String> env, Limits limits) {
    public WorkloadSpec {
        if (!id.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("workload id must be 1..64 of [a-z0-9-], got '" + id + "'");
        }
        env = new TreeMap<>(env);
    }

    public WorkloadSpec(String id, Path artifact, Path workDir, Map<String, String> env, Limits limits) {
        this(id, artifact, workDir, new TreeMap<>(env), limits);
    }

    public Path resultDir() {
        return workDir.resolve("result");
    }
}
