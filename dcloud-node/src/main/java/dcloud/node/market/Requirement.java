package dcloud.node.market;

import java.util.Set;
import java.util.function.Predicate;

/**
 * One condition of a search, with the words "why no match?" answers with: {@code reason} names the
 * field and the wanted value (e.g. "price <= 0.5 DCT/h"). {@code indexedField}/{@code indexedValues}
 * let the index pre-select candidates by bit sets (and then skip the test); {@code column}, when
 * present, tests the offering's primitive columns instead of its objects.
 */
public record Requirement(String reason, Predicate<OfferingDoc> test, String indexedField, Set<String> indexedValues, boolean negated,
                          ColumnTest column) {
    /** A test on the index's primitive columns at an offering's position. */
    @FunctionalInterface
    public interface ColumnTest {
        boolean test(Columns columns, int position);
    }

    public static Requirement of(String reason, Predicate<OfferingDoc> test) {
        return new Requirement(reason, test, null, null, false, null);
    }

    public static Requirement indexed(String reason, Predicate<OfferingDoc> test, String field, Set<String> values) {
        return new Requirement(reason, test, field, values, false, null);
    }

    public static Requirement columnar(String reason, Predicate<OfferingDoc> test, ColumnTest column) {
        return new Requirement(reason, test, null, null, false, column);
    }

    public Requirement negate() {
        ColumnTest negated_column = column == null ? null : (columns, position) -> !column.test(columns, position);
        return new Requirement("not " + reason, test.negate(), null, null, true, negated_column);
    }

    public boolean matches(OfferingDoc doc) {
        return test.test(doc);
    }
}
