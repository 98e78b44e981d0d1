package dcloud.node.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The documented score of a match, in [0, 1]:
 * {@code 0.45 × price + 0.35 × reputation + 0.10 × distance + 0.10 × free capacity}, where
 * price = cheapest matching price / this price; reputation = log10(1 + provider reputation) /
 * log10(1 + the best provider reputation among matches) — logarithmic, so reputation earned over
 * hundreds of contracts clearly beats one good contract, yet cannot swamp price; distance =
 * 1 / (1 + km / 1000) from --near (1 without it); free capacity = free slots / capacity.
 * Ties are broken by offering number, so the order is stable.
 */
public final class Ranking {
    public static final double PRICE_WEIGHT = 0.45;
    public static final double REPUTATION_WEIGHT = 0.35;
    public static final double DISTANCE_WEIGHT = 0.10;
    public static final double CAPACITY_WEIGHT = 0.10;

    public record Scored(OfferingDoc doc, double score, Double distanceKm) {}

    private Ranking() {}

    public static List<Scored> rank(List<OfferingDoc> matches, Long near_lat_micro, Long near_lon_micro) {
        return top(matches, near_lat_micro, near_lon_micro, Integer.MAX_VALUE);
    }

    /**
     * The same score computed from the index's primitive columns for matches given by position;
     * only the best {@code limit} are turned back into documents.
     */
    public static List<Scored> topColumns(int[] positions, int count, Columns c, java.util.function.IntFunction<OfferingDoc> doc_at,
                                          Long near_lat_micro, Long near_lon_micro, int limit) {
        long cheapest = Long.MAX_VALUE;
        double best_reputation = 0;
        for (int k = 0; k < count; k++) {
            cheapest = Math.min(cheapest, c.price_e9s[positions[k]]);
            best_reputation = Math.max(best_reputation, c.reputation_log[positions[k]]);
        }
        double[] scores = new double[count];
        for (int k = 0; k < count; k++) {
            int i = positions[k];
            double km = near_lat_micro == null ? 0 : Regions.distanceKm(near_lat_micro, near_lon_micro, c.latitude_micro[i], c.longitude_micro[i]);
            double distance = near_lat_micro == null ? 1 : 1 / (1 + km / 1000);
            double reputation = best_reputation == 0 ? 0 : c.reputation_log[i] / best_reputation;
            scores[k] = PRICE_WEIGHT * ((double) cheapest / c.price_e9s[i]) + REPUTATION_WEIGHT * reputation + DISTANCE_WEIGHT * distance
                    + CAPACITY_WEIGHT * ((double) c.free[i] / c.capacity[i]);
        }
        // Best-first selection of at most `limit` positions by (score desc, number asc).
        java.util.PriorityQueue<Integer> best = new java.util.PriorityQueue<>((x, y) -> scores[x] != scores[y]
                ? Double.compare(scores[x], scores[y]) : Integer.compare(positions[y], positions[x]));
        for (int k = 0; k < count; k++) {
            if (best.size() >= limit) {
                int worst = best.peek();
                if (scores[k] < scores[worst] || (scores[k] == scores[worst] && positions[k] > positions[worst])) {
                    continue;
                }
            }
            best.add(k);
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Scored> out = new ArrayList<>();
        for (int k : best) {
            int i = positions[k];
            Double km = near_lat_micro == null ? null : Regions.distanceKm(near_lat_micro, near_lon_micro, c.latitude_micro[i], c.longitude_micro[i]);
            out.add(new Scored(doc_at.apply(i), scores[k], km));
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(s -> s.doc().number()));
        return out;
    }

    /** The best {@code limit} matches, best first, without sorting all of them (a bounded heap). */
    public static List<Scored> top(List<OfferingDoc> matches, Long near_lat_micro, Long near_lon_micro, int limit) {
        long cheapest = matches.stream().mapToLong(d -> d.o().pricePerHourE9s()).min().orElse(1);
        double best_reputation = 0;
        for (OfferingDoc doc : matches) {
            best_reputation = Math.max(best_reputation, doc.reputationLog());
        }
        Comparator<Scored> order = Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(s -> s.doc().number());
        java.util.PriorityQueue<Scored> best = new java.util.PriorityQueue<>(Math.min(limit, Math.max(1, matches.size())) + 1, order.reversed());
        for (OfferingDoc doc : matches) {
            double price = (double) cheapest / doc.o().pricePerHourE9s();
            double reputation = best_reputation == 0 ? 0 : doc.reputationLog() / best_reputation;
            Double km = near_lat_micro == null ? null
                    : Regions.distanceKm(near_lat_micro, near_lon_micro, doc.o().latitudeMicro(), doc.o().longitudeMicro());
            double distance = km == null ? 1 : 1 / (1 + km / 1000);
            double capacity = (double) doc.stored().freeCapacity() / doc.o().capacity();
            double score = PRICE_WEIGHT * price + REPUTATION_WEIGHT * reputation + DISTANCE_WEIGHT * distance + CAPACITY_WEIGHT * capacity;
            if (best.size() >= limit) {
                Scored worst = best.peek();
                if (score < worst.score() || (score == worst.score() && doc.number() > worst.doc().number())) {
                    continue; // cannot enter the top: skip the heap work
                }
            }
            best.add(new Scored(doc, score, km));
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Scored> out = new ArrayList<>(best);
        out.sort(order);
        return out;
    }
}
