package dcloud.chain.consensus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Raft snapshots as RocksDB checkpoints: {@code sm/snap_<term>_<index>/db/...} plus a
 * {@code COMPLETE} marker written last, so a half-written (or half-received) snapshot is never used.
 * Ratis ships the listed files to a follower whose log is too far behind and replaces its sm/ dir.
 */
final class CheckpointSnapshots implements StateMachineStorage {
    static final String COMPLETE = "COMPLETE";
    private static final Pattern NAME = Pattern.compile("snap_(\\d+)_(\\d+)");
    private static final int KEEP = 2;
    private volatile File sm_dir;

    record Snapshot(Path dir, long term, long index) {}

    @Override
    public void init(RaftStorage storage) throws IOException {
        sm_dir = storage.getStorageDir().getStateMachineDir();
        Files.createDirectories(sm_dir.toPath());
    }

    Path smDir() {
        return sm_dir.toPath();
    }

    /** The newest complete snapshot, or null. */
    Snapshot latest() {
        if (sm_dir == null || !sm_dir.isDirectory()) {
            return null;
        }
        Snapshot best = null;
        File[] children = sm_dir.listFiles();
        for (File child : children == null ? new File[0] : children) {
            Matcher matcher = NAME.matcher(child.getName());
            if (matcher.matches() && new File(child, COMPLETE).exists()) {
                Snapshot snapshot = new Snapshot(child.toPath(), Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
                if (best == null || snapshot.index() > best.index()) {
                    best = snapshot;
                }
            }
        }
        return best;
    }

    Path directoryFor(long term, long index) {
        return smDir().resolve("snap_" + term + "_" + index);
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        Snapshot snapshot = latest();
        if (snapshot == null) {
            return null;
        }
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(snapshot.dir())) {
            for (Path path : paths.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md5")).sorted().toList()) {
                files.add(new FileInfo(path.toAbsolutePath(), null));
            }
        } catch (IOException e) {
            return null;
        }
        return new FileListSnapshotInfo(files, snapshot.term(), snapshot.index());
    }

    @Override
    public void format() {}

    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        removeAllBut(KEEP);
    }

    void removeAllBut(int keep) throws IOException {
        List<Snapshot> all = new ArrayList<>();
        File[] children = sm_dir.listFiles();
        for (File child : children == null ? new File[0] : children) {
            Matcher matcher = NAME.matcher(child.getName());
            if (matcher.matches()) {
                all.add(new Snapshot(child.toPath(), Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
            }
        }
        all.sort(Comparator.comparingLong(Snapshot::index).reversed());
        for (Snapshot old : all.subList(Math.min(keep, all.size()), all.size())) {
            dcloud.core.files.FileTrees.delete(old.dir());
        }
    }


    /** Copies a checkpoint's database files (not Ratis's .md5 companions) into {@code target}. */
    static void copyDatabase(Path checkpoint_db, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> paths = Files.list(checkpoint_db)) {
            for (Path file : paths.filter(p -> !p.toString().endsWith(".md5")).toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }
}
