package dcloud.cli.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcloud.cli.Cli;
import dcloud.core.amount.Amount;
import dcloud.client.NodeClient;
import dcloud.storage.client.IndexBackup;
import dcloud.storage.client.ObjectManifest;
import dcloud.storage.client.Orphans;
import dcloud.storage.client.Redundancy;
import dcloud.storage.client.Repairer;
import dcloud.storage.client.StorageClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud storage: encrypted, erasure-coded objects on the storage network. */
@Command(name = "storage", description = "Store files encrypted and erasure-coded on storage nodes of different providers.",
        subcommands = {StorageCommand.Put.class, StorageCommand.Get.class, StorageCommand.Ls.class, StorageCommand.Stat.class,
                StorageCommand.Rm.class, StorageCommand.Backup.class, StorageCommand.Restore.class, StorageCommand.Repair.class,
                StorageCommand.Orphaned.class, StorageCommand.Nodes.class})
public final class StorageCommand {
    static final String BACKUP_HELP = "do not refresh the encrypted index backup in the network afterwards";

    /** Options shared by commands that store data. */
    static final class Placement {
        @Option(names = "--redundancy", defaultValue = "4/8", description = "K/N: any K of N pieces rebuild the data (default ${DEFAULT-VALUE})")
        String redundancy;
        @Option(names = "--spares", defaultValue = "2", description = "extra pieces uploaded so the slowest can be cut off (default ${DEFAULT-VALUE})")
        int spares;
        @Option(names = "--epochs", defaultValue = "1000", description = "how many epochs the storage contracts last (default ${DEFAULT-VALUE})")
        long epochs;
        @Option(names = "--segment-mib", defaultValue = "64", description = "segment size in MiB, 1 to 64 (default ${DEFAULT-VALUE})")
        int segment_mib;

        Redundancy shape() {
            return Redundancy.parse(redundancy, spares);
        }

        int segmentBytes() {
            if (segment_mib < 1 || segment_mib > 64) {
                throw new IllegalArgumentException("--segment-mib must be between 1 and 64, got " + segment_mib);
            }
            return segment_mib * 1024 * 1024;
        }
    }

    @Command(name = "put", description = "Store FILE (encrypted with keys from your mnemonic, erasure-coded, one piece per node).")
    static final class Put implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--name", description = "object name (default: the file's name)") String name;
        @Option(names = "--no-backup", description = BACKUP_HELP) boolean no_backup;
        @Mixin Placement placement;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            String object = name != null ? name : file.getFileName().toString();
            Redundancy shape = placement.shape();
            try (StorageSession session = new StorageSession(cli, placement.segmentBytes())) {
                session.reclaimInterrupted(spec.commandLine().getErr());
                long size = Files.size(file);
                long started = System.nanoTime();
                ObjectManifest stored = session.client.put(file, object, shape, placement.epochs,
                        StorageSession.progress("put " + object, size * shape.totalShards() / shape.dataShards()));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (!no_backup) {
                    new IndexBackup(session.client).backup(shape, placement.epochs);
                }
                cli.print(NodeClient.JSON.valueToTree(stored), String.format(Locale.ROOT, "stored %s: %d bytes in %d segments, %d-of-%d, in %.2f s (%.1f MB/s)",
                        object, stored.sizeBytes(), stored.segments().size(), shape.dataShards(), shape.targetPieces(), seconds,
                        stored.sizeBytes() / 1e6 / Math.max(seconds, 1e-9)));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Read OBJECT from the fastest nodes, verify, decode and decrypt it into OUT.")
    static final class Get implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "OBJECT") String object;
        @Parameters(index = "1", paramLabel = "OUT") Path out;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, StorageClient.SEGMENT_SIZE_BYTES_MAX)) {
                ObjectManifest manifest = session.client.require(object);
                long started = System.nanoTime();
                session.client.get(object, out, StorageSession.progress("get " + object, manifest.sizeBytes()));
                double seconds = (System.nanoTime() - started) / 1e9;
                cli.print(NodeClient.JSON.valueToTree(manifest), String.format(Locale.ROOT, "wrote %s: %d bytes, SHA-256 verified, in %.2f s (%.1f MB/s)",
                        out, manifest.sizeBytes(), seconds, manifest.sizeBytes() / 1e6 / Math.max(seconds, 1e-9)));
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List stored objects (from the local index).")
    static final class Ls implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, StorageClient.SEGMENT_SIZE_BYTES_MAX)) {
                List<ObjectManifest> objects = session.client.list();
                StringBuilder human = new StringBuilder(objects.isEmpty() ? "no objects (put one with 'dcloud storage put FILE')" : "");
                for (ObjectManifest o : objects) {
                    human.append(String.format(Locale.ROOT, "%-40s %14d bytes  %3d segments  %s%n", o.name(), o.sizeBytes(), o.segments().size(),
                            o.sha256().substring(0, 16)));
                }
                cli.print(NodeClient.JSON.valueToTree(objects), human.toString().stripTrailing());
            }
            return 0;
        }
    }

    @Command(name = "stat", description = "Show an object's segments, pieces, nodes and health as the ledger sees them.")
    static final class Stat implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "OBJECT") String object;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, StorageClient.SEGMENT_SIZE_BYTES_MAX)) {
                ObjectManifest manifest = session.client.require(object);
                List<JsonNode> segments = session.client.segments(manifest);
                StringBuilder human = new StringBuilder(String.format(Locale.ROOT, "%s: %d bytes, sha256 %s, %d segments%n", manifest.name(),
                        manifest.sizeBytes(), manifest.sha256(), segments.size()));
                for (JsonNode s : segments) {
                    human.append(String.format(Locale.ROOT, "segment %s: %s healthy of target %s (%s-of-%s, repair at %s)%n",
                            s.path("id").asText().substring(0, 16), s.path("healthy_pieces").asText("0"), s.path("target_pieces").asText("?"),
                            s.path("data_shards").asText("?"), s.path("total_shards").asText("?"), s.path("repair_threshold").asText("?")));
                    for (JsonNode p : s.path("pieces")) {
                        human.append(String.format(Locale.ROOT, "  piece %2d contract %-6d %-9s node %s %s%n", p.path("index").asInt(),
                                p.path("id").asLong(), p.path("healthy").asBoolean() ? "healthy" : "UNHEALTHY", p.path("node").asText(),
                                p.path("endpoint").asText()));
                    }
                }
                ObjectNode json = NodeClient.JSON.valueToTree(manifest);
                json.set("ledger_segments", NodeClient.JSON.valueToTree(segments));
                cli.print(json, human.toString().stripTrailing());
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove OBJECT: cancel its storage contracts (unearned escrow is refunded) and drop it from the index.")
    static final class Rm implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "OBJECT") String object;
        @Option(names = "--no-backup", description = BACKUP_HELP) boolean no_backup;
        @Mixin Placement placement;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, placement.segmentBytes())) {
                session.reclaimInterrupted(spec.commandLine().getErr());
                session.client.remove(object);
                if (!no_backup) {
                    new IndexBackup(session.client).backup(placement.shape(), placement.epochs);
                }
                cli.print(NodeClient.JSON.createObjectNode().put("removed", object), "removed " + object);
            }
            return 0;
        }
    }

    @Command(name = "backup", description = "Store the object index, encrypted, in the network and point the ledger at it.")
    static final class Backup implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Placement placement;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, placement.segmentBytes())) {
                session.reclaimInterrupted(spec.commandLine().getErr());
                ObjectManifest backup = new IndexBackup(session.client).backup(placement.shape(), placement.epochs);
                cli.print(NodeClient.JSON.valueToTree(backup), "index backed up: " + backup.sizeBytes() + " bytes, " + session.client.list().size() + " objects");
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Rebuild the local object index from its backup in the network (needs only your mnemonic: 'dcloud keys import').")
    static final class Restore implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, StorageClient.SEGMENT_SIZE_BYTES_MAX)) {
                List<ObjectManifest> restored = new IndexBackup(session.client).restore(dcloud.storage.client.Progress.NONE);
                StringBuilder human = new StringBuilder("restored " + restored.size() + " objects");
                restored.forEach(o -> human.append("\n  ").append(o.name()).append(" (").append(o.sizeBytes()).append(" bytes)"));
                cli.print(NodeClient.JSON.valueToTree(restored), human.toString());
            }
            return 0;
        }
    }

    @Command(name = "repair", description = "Check every segment you pay for on the ledger; rebuild and re-place pieces where health fell to the threshold.")
    static final class Repair implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Repairer repairer = new Repairer(new dcloud.storage.client.LedgerAccess(cli.node(), cli.signingKey().keyPair()));
            List<Repairer.Outcome> outcomes = repairer.runOnce();
            StringBuilder human = new StringBuilder(outcomes.size() + " segments checked");
            for (Repairer.Outcome o : outcomes) {
                human.append(String.format(Locale.ROOT, "%n  %s: %d healthy, %d pieces placed (%s)", o.segment().substring(0, 16), o.healthyBefore(),
                        o.placed(), o.note()));
            }
            cli.print(NodeClient.JSON.valueToTree(outcomes), human.toString());
            return 0;
        }
    }

    @Command(name = "orphans", description = "List your storage contracts on segments no index names (this machine's or the index backup), "
            + "left by a killed put or a lost index; --cancel cancels them and refunds their unearned escrow.")
    static final class Orphaned implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--cancel", description = "cancel the orphaned contracts (first check that no other machine stores with this key without backing up its index)")
        boolean cancel;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            try (StorageSession session = new StorageSession(cli, StorageClient.SEGMENT_SIZE_BYTES_MAX)) {
                if (cancel) {
                    session.reclaimInterrupted(spec.commandLine().getErr());
                }
                Orphans orphans = new Orphans(session.client);
                List<Orphans.Segment> found = orphans.find();
                int cancelled = cancel ? orphans.cancel(found) : 0;
                ObjectNode json = NodeClient.JSON.createObjectNode();
                json.set("orphans", NodeClient.JSON.valueToTree(found));
                json.put("cancelled", cancelled);
                cli.print(json, orphansText(found, cancel, cancelled));
            }
            return 0;
        }

        private static String orphansText(List<Orphans.Segment> found, boolean cancel, int cancelled) {
            if (found.isEmpty()) {
                return "no orphaned storage contracts: every active contract is on a segment this machine's index or the index backup names";
            }
            StringBuilder human = new StringBuilder();
            long escrow_e9s = 0;
            int contracts = 0;
            for (Orphans.Segment o : found) {
                human.append(String.format(Locale.ROOT, "segment %s: %d contracts %s, escrow %s%s%n", o.segment().substring(0, 16), o.contracts().size(),
                        o.contracts(), Amount.display(o.escrowE9s()), o.interruptedPut() ? " (an interrupted put)" : ""));
                escrow_e9s += o.escrowE9s();
                contracts += o.contracts().size();
            }
            human.append(String.format(Locale.ROOT, "%d segments, %d contracts, %s of escrow on segments no index names%n", found.size(), contracts,
                    Amount.display(escrow_e9s)));
            human.append(cancel ? "cancelled " + cancelled + " contracts; their unearned escrow is refunded"
                    : "objects another machine stored with this key under --no-backup are listed too; if none did, "
                            + "'dcloud storage orphans --cancel' cancels these and refunds their escrow");
            return human.toString();
        }
    }

    @Command(name = "nodes", description = "List storage nodes with capacity, prices, proof record and reputation.")
    static final class Nodes implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            JsonNode nodes = cli.node().get("/api/v1/storage/nodes");
            StringBuilder human = new StringBuilder();
            for (JsonNode n : nodes.path("nodes")) {
                human.append(String.format(Locale.ROOT, "%s %s used %d/%d bytes, proven %d of %d contracts this epoch, epochs proven %d, failed %d (%d in a row)%s, reputation %s%s%n",
                        n.path("account").asText(), n.path("endpoint").asText(), n.path("used_bytes").asLong(), n.path("capacity_bytes").asLong(),
                        n.path("contracts_proven").asLong(), n.path("contracts_due").asLong(),
                        n.path("proofs_total").asLong(), n.path("fails_total").asLong(), n.path("fails_consecutive").asLong(),
                        n.path("disqualified").asBoolean() ? ", DISQUALIFIED" : "", n.path("reputation").asText(),
                        n.path("checked_in_recently").asBoolean(true) ? "" : ", NOT CHECKED IN this epoch or the last (offline?)"));
            }
            cli.print(nodes, human.length() == 0 ? "no storage nodes registered" : human.toString().stripTrailing());
            return 0;
        }
    }
}
