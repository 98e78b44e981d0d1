package dcloud.storage.client;

/**
 * An erasure shape: any {@code dataShards} pieces rebuild a segment, {@code targetPieces} are kept,
 * repair starts at {@code repairThreshold} healthy ones, and {@code totalShards} - target spares
 * are uploaded too so the slowest uploads can be cut off.
 */
public record Redundancy(int dataShards, int targetPieces, int repairThreshold, int totalShards) {
    public static final int PIECES_MAX = 40;

    /** "K/N" (e.g. "4/8") with repair threshold K + (N-K)/2 and {@code spares} extra pieces. */
    public static Redundancy parse(String text, int spares) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--redundancy must be K/N, e.g. 4/8, got '" + text + "'");
        }
        int k;
        int n;
        try {
            k = Integer.parseInt(parts[0].trim());
            n = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--redundancy must be two integers K/N, got '" + text + "'");
        }
        if (k < 1 || n <= k || n > PIECES_MAX) {
            throw new IllegalArgumentException("--redundancy K/N needs 1 <= K < N <= " + PIECES_MAX + ", got " + text);
        }
        return new Redundancy(k, n, k + (n - k) / 2, Math.min(PIECES_MAX, n + Math.max(0, spares)));
    }

    /** The same shape with as many spares as the available nodes allow. */
    Redundancy withAvailableNodes(int nodes) {
        return new Redundancy(dataShards, targetPieces, repairThreshold, Math.max(targetPieces, Math.min(totalShards, nodes)));
    }
}
