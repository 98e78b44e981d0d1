package dcloud.compute.ingress;

/**
 * Names under which workloads are reached: {@code <contract-id>.<domain>}, the id in decimal without
 * leading zeros (one spelling per contract, so that one name never hides behind another).
 */
public final class ContractNames {
    /** Long.MAX_VALUE has 19 digits. */
    private static final int CONTRACT_DIGITS_MAX = 19;

    private ContractNames() {}

    public static String nameOf(long contract, String domain) {
        if (contract <= 0) {
            throw new IllegalArgumentException("contract ids are positive, got " + contract);
        }
        return contract + "." + domain;
    }

    /**
     * The contract a lower case {@code name} designates under the lower case {@code domain}, or 0 when
     * the name is not of that form.
     */
    public static long contractOf(String name, String domain) {
        int digits = name.length() - domain.length() - 1;
        if (digits < 1 || digits > CONTRACT_DIGITS_MAX || name.charAt(digits) != '.' || !name.endsWith(domain)) {
            return 0;
        }
        if (name.charAt(0) == '0') {
            return 0;
        }
        long contract = 0;
        for (int i = 0; i < digits; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            if (contract > (Long.MAX_VALUE - (c - '0')) / 10) {
                return 0; // more than Long.MAX_VALUE: no such contract
            }
            contract = contract * 10 + (c - '0');
        }
        assert contract > 0;
        return contract;
    }
}
