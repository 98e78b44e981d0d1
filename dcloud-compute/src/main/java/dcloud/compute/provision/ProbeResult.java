package dcloud.compute.provision;

/** What a probe found: whether a kind can run here, and in words why (not). */
public record ProbeResult(boolean available, String detail) {
    public static ProbeResult yes(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult no(String why) {
        return new ProbeResult(false, why);
    }
}
