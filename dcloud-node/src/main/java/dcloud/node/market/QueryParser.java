package dcloud.node.market;

import dcloud.core.amount.Amount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The search language: terms joined by AND, each {@code field:value}, {@code field:[low TO high]}
 * ({@code *} for open ends) or {@code field:(a OR b)}, negated with a leading {@code !} or {@code -}.
 * Single numbers mean "at most" for price and "at least" for sizes. Example:
 * {@code price:[0.1 TO 0.5] country:(DE OR FR) gpu:H100 !stock:none}.
 */
public final class QueryParser {
    static final List<String> FIELDS = List.of("price", "vcpu", "memory", "storage", "gpus", "gpu_memory", "bandwidth", "reputation",
            "hours", "country", "region", "city", "gpu", "type", "kind", "confidential", "storage_type", "feature", "os", "provider", "stock");

    private QueryParser() {}

    public static List<Requirement> parse(String query) {
        List<Requirement> out = new ArrayList<>();
        List<String> terms = tokenize(query);
        for (String term : terms) {
            boolean negated = term.startsWith("!") || term.startsWith("-");
            String body = negated ? term.substring(1) : term;
            int colon = body.indexOf(':');
            if (colon <= 0 || colon == body.length() - 1) {
                throw new IllegalArgumentException("query term '" + term + "' must look like field:value; fields: " + FIELDS);
            }
            Requirement requirement = requirement(body.substring(0, colon).toLowerCase(Locale.ROOT), body.substring(colon + 1));
            out.add(negated ? requirement.negate() : requirement);
        }
        return out;
    }

    private static List<String> tokenize(String query) {
        List<String> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : query.trim().toCharArray()) {
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (!current.isEmpty()) {
                    terms.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("query has unbalanced brackets or parentheses");
        }
        if (!current.isEmpty()) {
            terms.add(current.toString());
        }
        terms.removeIf(t -> t.equals("AND"));
        return terms;
    }

    static Requirement requirement(String field, String value) {
        return switch (field) {
            case "price" -> numeric(field, value, "DCT/h", true, d -> (double) d.o().pricePerHourE9s() / Amount.E9S_PER_DCT, (c, i) -> c.price_dct[i]);
            case "vcpu" -> numeric(field, value, "", false, d -> d.o().vcpu(), (c, i) -> c.vcpu[i]);
            case "memory" -> numeric(field, value, "GiB", false, d -> d.o().memoryGib(), (c, i) -> c.memory_gib[i]);
            case "storage" -> numeric(field, value, "GiB", false, d -> d.o().storageGib(), (c, i) -> c.storage_gib[i]);
            case "gpus" -> numeric(field, value, "", false, d -> d.o().gpuCount(), (c, i) -> c.gpu_count[i]);
            case "gpu_memory" -> numeric(field, value, "GiB", false, d -> d.o().gpuMemoryGib(), (c, i) -> c.gpu_memory_gib[i]);
            case "bandwidth" -> numeric(field, value, "Mbps", false, d -> d.o().bandwidthMbps(), (c, i) -> c.bandwidth_mbps[i]);
            case "reputation" -> numeric(field, value, "", false, d -> (double) d.providerReputation() / Amount.E9S_PER_DCT, (c, i) -> c.reputation_dct[i]);
            case "hours" -> {
                long hours = parseLong(field, value);
                yield Requirement.columnar("hours " + hours + " within min/max hours", d -> d.o().minHours() <= hours && hours <= d.o().maxHours(),
                        (c, i) -> c.min_hours[i] <= hours && hours <= c.max_hours[i]);
            }
            case "country" -> categorical("country", values(value, true), d -> d.o().country());
            case "region" -> {
                Set<String> countries = new LinkedHashSet<>();
                for (String region : values(value, false)) {
                    countries.addAll(Regions.countries(region));
                }
                yield Requirement.indexed("region " + value, d -> countries.contains(d.o().country()), "country", countries);
            }
            case "city" -> text("city", values(value, false), d -> List.of(d.o().city().toLowerCase(Locale.ROOT)));
            case "gpu" -> categorical("gpu", values(value, false), d -> d.o().gpuModel().toLowerCase(Locale.ROOT));
            case "type" -> categorical("type", values(value, false), d -> d.o().productType());
            case "confidential" -> categorical("confidential", values(value, false), d -> d.o().confidential());
            case "storage_type" -> categorical("storage_type", values(value, false), d -> d.o().storageType());
            case "kind" -> text("kind", values(value, false), d -> d.o().workloadKinds());
            case "feature" -> text("feature", values(value, false), d -> d.o().features());
            case "os" -> text("os", values(value, false), d -> d.o().operatingSystems());
            case "provider" -> {
                Set<String> accounts = values(value, false);
                yield Requirement.of("provider in " + accounts, d -> accounts.contains(d.providerAccount()));
            }
            case "stock" -> {
                String wanted = value.toLowerCase(Locale.ROOT);
                if (!wanted.equals("none") && !wanted.equals("available")) {
                    throw new IllegalArgumentException("stock must be 'none' or 'available'");
                }
                boolean available = wanted.equals("available");
                yield Requirement.columnar("stock " + wanted, d -> (d.stored().freeCapacity() > 0) == available, (c, i) -> (c.free[i] > 0) == available);
            }
            default -> throw new IllegalArgumentException("unknown query field '" + field + "'; fields: " + FIELDS);
        };
    }

    private static Requirement categorical(String field, Set<String> wanted, java.util.function.Function<OfferingDoc, String> value) {
        return Requirement.indexed(field + " in " + wanted, d -> wanted.contains(value.apply(d)), field, wanted);
    }

    private static Requirement text(String field, Set<String> wanted, java.util.function.Function<OfferingDoc, List<String>> values) {
        Predicate<OfferingDoc> any = d -> {
            for (String value : values.apply(d)) {
                if (wanted.contains(value)) {
                    return true;
                }
            }
            return false;
        };
        boolean indexed = field.equals("kind") || field.equals("feature") || field.equals("os");
        return indexed ? Requirement.indexed(field + " in " + wanted, any, field, wanted) : Requirement.of(field + " in " + wanted, any);
    }

    private static Set<String> values(String value, boolean upper) {
        String inner = value.startsWith("(") && value.endsWith(")") ? value.substring(1, value.length() - 1) : value;
        Set<String> out = new LinkedHashSet<>();
        for (String part : inner.split("\\s+OR\\s+|,")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                out.add(upper ? trimmed.toUpperCase(Locale.ROOT) : trimmed.toLowerCase(Locale.ROOT));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty value list in '" + value + "'");
        }
        return out;
    }

    /** A numeric field's value at a position of the columns. */
    @FunctionalInterface
    interface ColumnValue {
        double get(Columns columns, int position);
    }

    private static Requirement numeric(String field, String value, String unit, boolean at_most, java.util.function.ToDoubleFunction<OfferingDoc> get,
                                       ColumnValue column) {
        if (value.startsWith("[") && value.endsWith("]")) {
            String[] bounds = value.substring(1, value.length() - 1).trim().split("\\s+TO\\s+");
            if (bounds.length != 2) {
                throw new IllegalArgumentException(field + " range must look like [low TO high]");
            }
            double low = bounds[0].equals("*") ? Double.NEGATIVE_INFINITY : parseDouble(field, bounds[0]);
            double high = bounds[1].equals("*") ? Double.POSITIVE_INFINITY : parseDouble(field, bounds[1]);
            Predicate<OfferingDoc> in = d -> get.applyAsDouble(d) >= low && get.applyAsDouble(d) <= high;
            return Requirement.columnar(field + " in [" + bounds[0] + " TO " + bounds[1] + "] " + unit, in, (c, i) -> {
                double v = column.get(c, i);
                return v >= low && v <= high;
            });
        }
        double limit = parseDouble(field, value);
        return at_most ? Requirement.columnar(field + " <= " + value + " " + unit, d -> get.applyAsDouble(d) <= limit, (c, i) -> column.get(c, i) <= limit)
                : Requirement.columnar(field + " >= " + value + " " + unit, d -> get.applyAsDouble(d) >= limit, (c, i) -> column.get(c, i) >= limit);
    }

    private static double parseDouble(String field, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a number, got '" + text + "'");
        }
    }

    private static long parseLong(String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, got '" + text + "'");
        }
    }
}
