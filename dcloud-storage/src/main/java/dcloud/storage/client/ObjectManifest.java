package dcloud.storage.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the local index knows of one stored object: its name, size and SHA-256 of the plaintext,
 * the random object id its keys derive from, and its segments. Pieces and nodes are not copied
 * here: the ledger's segment record names the current contract of every piece, so repairs by
 * anyone are seen without touching the index.
 */
public record ObjectManifest(@JsonProperty("name") String name, @JsonProperty("size_bytes") long sizeBytes,
                             @JsonProperty("sha256") String sha256, @JsonProperty("object_id") String objectId,
                             @JsonProperty("stored_at_ms") long storedAtMs, @JsonProperty("segments") List<SegmentRef> segments) {

    /** One segment: its ledger id, plaintext and ciphertext sizes and erasure shape. */
    public record SegmentRef(@JsonProperty("segment_id") String segmentId, @JsonProperty("plain_size_bytes") long plainSizeBytes,
                             @JsonProperty("cipher_size_bytes") long cipherSizeBytes, @JsonProperty("data_shards") int dataShards,
                             @JsonProperty("total_shards") int totalShards, @JsonProperty("target_pieces") int targetPieces) {}
}
