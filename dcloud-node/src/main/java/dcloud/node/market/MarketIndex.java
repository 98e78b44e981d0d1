package dcloud.node.market;

import dcloud.core.bytes.Hex;
import dcloud.ledger.market.Offerings;
import dcloud.ledger.market.StoredOffering;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The matcher's view of every offering, kept in step with the ledger: built once from the state,
 * then updated from each applied block's changed keys (offerings, and reputations of their
 * providers). Offering numbers are dense, so they are the positions in per-value bit sets for the
 * categorical fields (country, gpu, type, confidential, storage_type) that pre-select candidates.
 */
public final class MarketIndex {
    private static final List<String> INDEXED = List.of("country", "gpu", "type", "confidential", "storage_type", "kind", "feature", "os");
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<OfferingDoc> docs = new ArrayList<>();
    private final BitSet live = new BitSet();
    private final Map<String, Map<String, BitSet>> postings = new HashMap<>();
    private final Map<String, Set<Long>> by_provider = new HashMap<>();
    private final Columns columns = new Columns();

    public MarketIndex(StateReader state) {
        List<StoredOffering> all = new ArrayList<>();
        state.scan(Offerings.prefix(), Integer.MAX_VALUE, (key, value) -> all.add(StoredOffering.decode(value)));
        for (StoredOffering offering : all) {
            put(OfferingDoc.of(offering, Reputation.score(state, offering.provider())));
        }
    }

    /** An index over given documents (tests and benchmarks). */
    public MarketIndex(List<OfferingDoc> documents) {
        documents.forEach(this::put);
    }

    /** Applies one block's changes: re-reads changed offerings and the offerings of providers whose reputation moved. */
    public void onChanges(StateReader state, TreeMap<byte[], byte[]> changes) {
        Set<Long> numbers = new HashSet<>();
        for (byte[] key : changes.keySet()) {
            if (key.length == 9 && key[0] == 0x60) {
                numbers.add(Values.u64(key, 1));
            } else if (key.length == 33 && key[0] == 0x30) {
                lock.readLock().lock();
                try {
                    numbers.addAll(by_provider.getOrDefault(Hex.encode(java.util.Arrays.copyOfRange(key, 1, 33)), Set.of()));
                } finally {
                    lock.readLock().unlock();
                }
            }
        }
        for (long number : numbers) {
            StoredOffering offering = Offerings.get(state, number);
            if (offering != null) {
                put(OfferingDoc.of(offering, Reputation.score(state, offering.provider())));
            }
        }
    }

    /** The values a document is filed under for {@code field} (several for the list fields). */
    private static List<String> indexValues(String field, OfferingDoc doc) {
        return switch (field) {
            case "country" -> List.of(doc.o().country());
            case "gpu" -> List.of(doc.o().gpuModel().toLowerCase(Locale.ROOT));
            case "type" -> List.of(doc.o().productType());
            case "confidential" -> List.of(doc.o().confidential());
            case "storage_type" -> List.of(doc.o().storageType());
            case "kind" -> doc.o().workloadKinds();
            case "feature" -> doc.o().features();
            case "os" -> doc.o().operatingSystems();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private void put(OfferingDoc doc) {
        int position = (int) doc.number();
        lock.writeLock().lock();
        try {
            while (docs.size() <= position) {
                docs.add(null);
            }
            OfferingDoc old = docs.get(position);
            if (old != null) {
                for (String field : INDEXED) {
                    for (String value : indexValues(field, old)) {
                        postings.get(field).get(value).clear(position);
                    }
                }
            }
            docs.set(position, doc);
            columns.set(position, doc);
            for (String field : INDEXED) {
                for (String value : indexValues(field, doc)) {
                    postings.computeIfAbsent(field, f -> new HashMap<>()).computeIfAbsent(value, v -> new BitSet()).set(position);
                }
            }
            live.set(position, !doc.stored().withdrawn());
            by_provider.computeIfAbsent(Hex.encode(doc.stored().provider()), p -> new HashSet<>()).add(doc.number());
        } finally {
            lock.writeLock().unlock();
        }
    }

    public OfferingDoc get(long number) {
        lock.readLock().lock();
        try {
            return number > 0 && number < docs.size() ? docs.get((int) number) : null;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return live.cardinality();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The best {@code limit} ranked matches and how many matched, all read from the columns under one lock. */
    public record Top(List<Ranking.Scored> best, int total) {}

    public Top top(List<Requirement> requirements, Long near_lat_micro, Long near_lon_micro, int limit) {
        lock.readLock().lock();
        try {
            int[] positions = positions(requirements, true);
            int count = positions.length;
            return new Top(Ranking.topColumns(positions, count, columns, docs::get, near_lat_micro, near_lon_micro, limit), count);
        } finally {
            lock.readLock().unlock();
        }
    }

    private int[] positions(List<Requirement> requirements, boolean use_index) {
        BitSet candidates = candidates(requirements, use_index);
        List<Requirement> remaining = remaining(requirements, use_index);
        int[] out = new int[candidates.cardinality()];
        int count = 0;
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (passes(i, remaining, use_index)) {
                out[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    private BitSet candidates(List<Requirement> requirements, boolean use_index) {
        BitSet candidates = (BitSet) live.clone();
        if (use_index) {
            for (Requirement requirement : requirements) {
                if (requirement.indexedField() != null && !requirement.negated()) {
                    BitSet any = new BitSet();
                    Map<String, BitSet> field = postings.getOrDefault(requirement.indexedField(), Map.of());
                    for (String value : requirement.indexedValues()) {
                        BitSet bits = field.get(value);
                        if (bits != null) {
                            any.or(bits);
                        }
                    }
                    candidates.and(any);
                }
            }
        }
        return candidates;
    }

    private static List<Requirement> remaining(List<Requirement> requirements, boolean use_index) {
        List<Requirement> remaining = new ArrayList<>();
        for (Requirement requirement : requirements) {
            if (!(use_index && requirement.indexedField() != null && !requirement.negated())) {
                remaining.add(requirement);
            }
        }
        return remaining;
    }

    /** Live offerings that pass every requirement; {@code use_index} false scans every offering (the brute-force baseline). */
    public List<OfferingDoc> matching(List<Requirement> requirements, boolean use_index) {
        lock.readLock().lock();
        try {
            List<OfferingDoc> out = new ArrayList<>();
            for (int position : positions(requirements, use_index)) {
                out.add(docs.get(position));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** With the index, numeric tests read the columns; the brute-force baseline tests the objects, as a plain scan would. */
    private boolean passes(int position, List<Requirement> requirements, boolean use_columns) {
        for (Requirement requirement : requirements) {
            boolean ok = use_columns && requirement.column() != null ? requirement.column().test(columns, position)
                    : requirement.matches(docs.get(position));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** For every live offering that fails: the requirements it fails, in query order. */
    public Map<Long, List<String>> failures(List<Requirement> requirements) {
        lock.readLock().lock();
        try {
            Map<Long, List<String>> out = new TreeMap<>();
            for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
                List<String> failed = new ArrayList<>();
                for (Requirement requirement : requirements) {
                    if (!requirement.matches(docs.get(i))) {
                        failed.add(requirement.reason());
                    }
                }
                if (!failed.isEmpty()) {
                    out.put((long) i, failed);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Offerings of one provider (withdrawn ones too), by number. */
    public List<OfferingDoc> ofProvider(byte[] provider) {
        lock.readLock().lock();
        try {
            List<OfferingDoc> out = new ArrayList<>();
            for (long number : new java.util.TreeSet<>(by_provider.getOrDefault(Hex.encode(provider), Set.of()))) {
                out.add(docs.get((int) number));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }
}
