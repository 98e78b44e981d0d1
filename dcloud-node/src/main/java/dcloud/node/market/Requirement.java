package dcloud.node.market;

import java.util.function.Predicate;

/**
 * One condition of a search, with the words "why no match?" answers with: {@code reason} names the
 * field and the wanted value (e.g. "price <= 0.5 DCT/h"). {@code indexedField}/{@code indexedValues}
 * let the index pre-select candidates for equality conditions on categorical fields.
 */
public record Requirement(String reason, Predicate<OfferingDoc> test, String indexedField, java.util.Set<String> indexedValues, boolean negated) {
    public static Requirement of(String reason, Predicate<OfferingDoc> test) {
        return new Requirement(reason, test, null, null, false);
    }

    public boolean matches(OfferingDoc doc) {
        return test.test(doc);
    }
}
