package dcloud.node.market;

import java.util.Map;
import java.util.Set;

/** Named regions as sets of ISO country codes, for --region and region:... in queries. */
final class Regions {
    static final Map<String, Set<String>> REGIONS = Map.of(
            "eu", Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "NO", "IS", "LI", "CH", "GB"),
            "na", Set.of("US", "CA", "MX"),
            "sa", Set.of("BR", "AR", "CL", "CO", "PE", "UY"),
            "apac", Set.of("JP", "KR", "CN", "TW", "HK", "SG", "AU", "NZ", "IN", "ID", "MY", "TH", "VN", "PH"),
            "me", Set.of("AE", "SA", "IL", "QA", "TR"),
            "africa", Set.of("ZA", "NG", "KE", "EG", "MA"));

    private Regions() {}

    static Set<String> countries(String region) {
        Set<String> countries = REGIONS.get(region.toLowerCase(java.util.Locale.ROOT));
        if (countries == null) {
            throw new IllegalArgumentException("region must be one of " + new java.util.TreeSet<>(REGIONS.keySet()) + ", got '" + region + "'");
        }
        return countries;
    }

    /** Great-circle distance in km between two points given in micro-degrees. */
    static double distanceKm(long lat1_micro, long lon1_micro, long lat2_micro, long lon2_micro) {
        double lat1 = Math.toRadians(lat1_micro / 1e6);
        double lat2 = Math.toRadians(lat2_micro / 1e6);
        double dlat = lat2 - lat1;
        double dlon = Math.toRadians((lon2_micro - lon1_micro) / 1e6);
        double a = Math.sin(dlat / 2) * Math.sin(dlat / 2) + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dlon / 2) * Math.sin(dlon / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
