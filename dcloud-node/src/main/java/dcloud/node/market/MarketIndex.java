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

    /** Live offerings that pass every requirement; {@code use_index} false scans every offering (the brute-force baseline). */
    public List<OfferingDoc> matching(List<Requirement> requirements, boolean use_index) {
        lock.readLock().lock();
        try {
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
            List<OfferingDoc> out = new ArrayList<>();
            for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
                OfferingDoc doc = docs.get(i);
                if (passes(doc, requirements)) {
                    out.add(doc);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean passes(OfferingDoc doc, List<Requirement> requirements) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(doc)) {
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
