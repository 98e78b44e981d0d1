package dcloud.chain.consensus;

/** A validator's network identity: its id, host, replication port and HTTP API port. */
public record Peer(String id, String host, int raftPort, int apiPort) {
    public String raftAddress() {
        return host + ":" + raftPort;
    }

    public String apiUrl() {
        return "http://" + host + ":" + apiPort;
    }
}
