package dcloud.chain.consensus;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Raft through Apache Ratis over gRPC. A single node is a one-peer group, so the embedded devnet
 * and a five-validator network run the same code. The group id derives from the chain id, so it is
 * the same on every validator and across restarts; storage always starts in RECOVER mode.
 */
public final class RatisConsensus implements Consensus {
    /** Settings with their defaults; every field documents itself. */
    public record Settings(long election_timeout_min_ms, long election_timeout_max_ms, long client_timeout_ms,
                           int client_retries_max, int entry_size_bytes_max, long snapshot_interval_entries,
                           long segment_size_bytes_max) {
        public static Settings defaults() {
            return new Settings(1000, 2000, 10_000, 5, 24 * 1024 * 1024, 10_000, 64L * 1024 * 1024);
        }
    }

    private final RaftServer server;
    private final RaftClient client;
    private final RaftGroup group;
    private final String self_id;

    public RatisConsensus(String chain_id, String self_id, List<Peer> peers, Path storage_dir, StateMachine state_machine,
                          Settings settings) throws IOException {
        this.self_id = self_id;
        List<RaftPeer> raft_peers = new ArrayList<>();
        Peer self = null;
        for (Peer peer : peers) {
            raft_peers.add(RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.raftAddress()).build());
            if (peer.id().equals(self_id)) {
                self = peer;
            }
        }
        if (self == null) {
            throw new IllegalArgumentException("node id '" + self_id + "' is not among the validators " + peers.stream().map(Peer::id).toList());
        }
        RaftGroupId group_id = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("dcloud/" + chain_id).getBytes(StandardCharsets.UTF_8)));
        this.group = RaftGroup.valueOf(group_id, raft_peers);
        RaftProperties properties = serverProperties(storage_dir, self.raftPort(), settings);
        this.server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(self_id)).setGroup(group)
                .setProperties(properties).setStateMachine(state_machine)
                .setOption(RaftStorage.StartupOption.RECOVER).build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        this.client = RaftClient.newBuilder().setRaftGroup(group).setProperties(clientProperties(settings))
                .setLeaderId(RaftPeerId.valueOf(self_id))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(settings.client_retries_max(),
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build();
    }

    private static RaftProperties serverProperties(Path storage_dir, int port, Settings settings) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(new File(storage_dir.toString())));
        GrpcConfigKeys.Server.setPort(properties, port);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(settings.election_timeout_min_ms(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(settings.election_timeout_max_ms(), TimeUnit.MILLISECONDS));
        SizeInBytes entry_max = SizeInBytes.valueOf(settings.entry_size_bytes_max());
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, entry_max);
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf(settings.entry_size_bytes_max() + 1024 * 1024));
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(settings.segment_size_bytes_max()));
        // Snapshots (RocksDB checkpoints) every N log entries; the log is purged up to the snapshot,
        // so a follower that fell further behind receives the snapshot instead of the log.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, settings.snapshot_interval_entries());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.min(1024, Math.max(1, settings.snapshot_interval_entries() / 2)));
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(2L * settings.entry_size_bytes_max() + 8 * 1024 * 1024));
        return properties;
    }

    private static RaftProperties clientProperties(Settings settings) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(settings.client_timeout_ms(), TimeUnit.MILLISECONDS));
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(2L * settings.entry_size_bytes_max() + 8 * 1024 * 1024));
        return properties;
    }

    @Override
    public CompletableFuture<String> submit(byte[] block_bytes) {
        return client.async().send(Message.valueOf(ByteString.copyFrom(block_bytes)))
                .thenApply(reply -> reply.getMessage().getContent().toStringUtf8());
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(group.getGroupId()).getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean isLeaderReady() {
        DivisionInfo info = info();
        return info != null && info.isLeaderReady();
    }

    @Override
    public String leaderId() {
        DivisionInfo info = info();
        return info == null || info.getLeaderId() == null ? null : info.getLeaderId().toString();
    }

    @Override
    public String selfId() {
        return self_id;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with a client that fails to close
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // same: the process is stopping
        }
    }
}
