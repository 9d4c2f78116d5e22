package org.ebpftest.assertions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.LongAssert;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.snapshot.MapChanges;
import org.ebpftest.runtime.snapshot.MapSnapshot;

/**
 * Assertions on the contents of a map as user space sees them: its size, its keys, the value of a
 * key, the values of every CPU of a per-CPU map, and what changed since a {@link MapSnapshot}.
 *
 * <p>Keys are given as bytes or as a Java value with the {@link MapCodec} that encodes it. Keys and
 * values print as hex, or through their BTF types when the assertion was made with
 * {@code assertThat(map, loadedObject)}; those types also let {@code value(key).hasField("pkts", 1)}
 * read a field by name.
 *
 * <pre>{@code
 * assertThat(object.map("flows"), object).hasSize(1).containsKey(key, MapCodec.record(FlowKey.class))
 *         .value(key, MapCodec.record(FlowKey.class)).hasField("pkts", 2);
 * assertThat(object.map("sizes")).sumOfPerCpuValues(0, MapCodec.int32(), MapCodec.int64()).isEqualTo(3);
 * }</pre>
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractBpfMapAssert<SELF extends AbstractBpfMapAssert<SELF>> extends AbstractObjectAssert<SELF, BpfMap> {

    /** How many entries a failure lists. */
    static final int MAX_LISTED = 20;

    private MapTypes types = MapTypes.RAW;
    private NestedAsserts nested = NestedAsserts.HARD;

    /** Creates an assertion on a map whose keys and values print as hex. */
    protected AbstractBpfMapAssert(BpfMap actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Sets what a soft-assertion proxy's constructor cannot take: the types and soft navigation. */
    static void configure(AbstractBpfMapAssert<?> assertion, MapTypes types, NestedAsserts nested) {
        assertion.types = types;
        assertion.nested = nested;
    }

    /** Checks the number of entries, as {@code BpfMap.size()} counts them (an array always has max_entries). */
    public SELF hasSize(int expected) {
        Args.range("expected size", expected, 0, Integer.MAX_VALUE);
        isNotNull();
        if (actual.size() != expected) {
            throw failure("Expecting " + name() + " to have " + entries(expected) + " but had " + actual.size() + ":\n"
                    + listing());
        }
        return myself;
    }

    /** Checks that the map has no entry. */
    public SELF isEmpty() {
        isNotNull();
        if (actual.size() != 0) {
            throw failure("Expecting " + name() + " to be empty but had " + entries(actual.size()) + ":\n" + listing());
        }
        return myself;
    }

    /** Checks that the map has at least one entry. */
    public SELF isNotEmpty() {
        isNotNull();
        if (actual.size() == 0) {
            throw failure("Expecting " + name() + " not to be empty but it was");
        }
        return myself;
    }

    /** Checks that a key has an element. */
    public SELF containsKey(byte[] key) {
        isNotNull();
        return checkContains(Args.key(actual, key));
    }

    /** Checks that a key, encoded with {@code codec}, has an element. */
    public <K> SELF containsKey(K key, MapCodec<K> codec) {
        isNotNull();
        return checkContains(Args.key(actual, key, codec));
    }

    private SELF checkContains(byte[] key) {
        if (!actual.containsKey(key)) {
            throw missingKey(key);
        }
        return myself;
    }

    /** Checks that a key has no element. */
    public SELF doesNotContainKey(byte[] key) {
        isNotNull();
        return checkDoesNotContain(Args.key(actual, key));
    }

    /** Checks that a key, encoded with {@code codec}, has no element. */
    public <K> SELF doesNotContainKey(K key, MapCodec<K> codec) {
        isNotNull();
        return checkDoesNotContain(Args.key(actual, key, codec));
    }

    private SELF checkDoesNotContain(byte[] key) {
        List<byte[]> values = actual.lookupPerCpu(key).orElse(null);
        if (values != null) {
            throw failure("Expecting " + name() + " not to contain key=" + types.key(key) + " but it does, with value="
                    + types.values(values));
        }
        return myself;
    }

    /**
     * Checks the value of a key.
     *
     * @throws IllegalArgumentException for a per-CPU map, whose values {@link #perCpuValues} checks
     */
    public SELF containsEntry(byte[] key, byte[] value) {
        isNotNull();
        return checkEntry(Args.key(actual, key), value);
    }

    /**
     * Checks the value of a key, both encoded with their codecs.
     *
     * @throws IllegalArgumentException for a per-CPU map, whose values {@link #perCpuValues} checks
     */
    public <K, V> SELF containsEntry(K key, MapCodec<K> keyCodec, V value, MapCodec<V> valueCodec) {
        isNotNull();
        Args.notNull("value", value);
        Args.notNull("value codec", valueCodec);
        return checkEntry(Args.key(actual, key, keyCodec), valueCodec.encode(value));
    }

    private SELF checkEntry(byte[] key, byte[] value) {
        Args.notNull("value", value);
        notPerCpu("containsEntry");
        if (value.length != actual.valueSize()) {
            throw new IllegalArgumentException("value of map \"" + actual.name() + "\" must be " + actual.valueSize()
                    + " bytes but was " + value.length + " bytes");
        }
        List<byte[]> found = actual.lookupPerCpu(key).orElse(null);
        if (found == null) {
            throw missingKey(key);
        }
        if (!Arrays.equals(found.get(0), value)) {
            throw failure("Expecting " + name() + " to contain key=" + types.key(key) + " with value=" + types.value(value)
                    + " but its value was: " + types.value(found.get(0)));
        }
        return myself;
    }

    /**
     * Navigates to the value of a key; fails if the key has no element.
     *
     * @throws IllegalArgumentException for a per-CPU map, whose values {@link #perCpuValues} checks
     */
    public MapValueAssert value(byte[] key) {
        isNotNull();
        return valueOf(Args.key(actual, key));
    }

    /**
     * Navigates to the value of a key encoded with {@code codec}; fails if the key has no element.
     *
     * @throws IllegalArgumentException for a per-CPU map, whose values {@link #perCpuValues} checks
     */
    public <K> MapValueAssert value(K key, MapCodec<K> codec) {
        isNotNull();
        return valueOf(Args.key(actual, key, codec));
    }

    private MapValueAssert valueOf(byte[] key) {
        notPerCpu("value");
        byte[] value = actual.lookup(key).orElse(null);
        if (value == null) {
            nested.missing(missingKey(key));
        }
        MapValueAssert child = nested.create(MapValueAssert.class, byte[].class, value, MapValueAssert::new);
        AbstractMapValueAssert.configure(child, types, nested, "value of key=" + types.key(key) + " in " + name());
        child.info.description(info.description());
        return child;
    }

    /**
     * An AssertJ list assertion on the values of a key, one per CPU, decoded with {@code valueCodec};
     * fails if the key has no element.
     */
    public <T> ListAssert<T> perCpuValues(byte[] key, MapCodec<T> valueCodec) {
        isNotNull();
        return perCpu(Args.key(actual, key), valueCodec);
    }

    /** Like {@link #perCpuValues(byte[], MapCodec)} with the key encoded by {@code keyCodec}. */
    public <K, T> ListAssert<T> perCpuValues(K key, MapCodec<K> keyCodec, MapCodec<T> valueCodec) {
        isNotNull();
        return perCpu(Args.key(actual, key, keyCodec), valueCodec);
    }

    private <T> ListAssert<T> perCpu(byte[] key, MapCodec<T> codec) {
        Args.notNull("value codec", codec);
        checkCodec(codec);
        List<byte[]> values = actual.lookupPerCpu(key).orElse(null);
        List<T> decoded = null;
        if (values == null) {
            nested.missing(missingKey(key));
        } else {
            decoded = new ArrayList<>();
            for (byte[] v : values) {
                decoded.add(codec.decode(v));
            }
        }
        return nested.<T>list(decoded).describedAs("per-CPU values of key=" + types.key(key) + " in " + name());
    }

    /**
     * An AssertJ assertion on the sum of the values of a key over every CPU, each read as an unsigned
     * integer with {@code valueCodec} ({@code MapCodec.int64()}, {@code MapCodec.int32()}, ...); fails
     * if the key has no element. For a map that is not per-CPU it is the one value.
     */
    public LongAssert sumOfPerCpuValues(byte[] key, MapCodec<? extends Number> valueCodec) {
        isNotNull();
        return sum(Args.key(actual, key), valueCodec);
    }

    /** Like {@link #sumOfPerCpuValues(byte[], MapCodec)} with the key encoded by {@code keyCodec}. */
    public <K> LongAssert sumOfPerCpuValues(K key, MapCodec<K> keyCodec, MapCodec<? extends Number> valueCodec) {
        isNotNull();
        return sum(Args.key(actual, key, keyCodec), valueCodec);
    }

    private LongAssert sum(byte[] key, MapCodec<? extends Number> codec) {
        Args.notNull("value codec", codec);
        checkCodec(codec);
        List<byte[]> values = actual.lookupPerCpu(key).orElse(null);
        Long total = null;
        if (values == null) {
            nested.missing(missingKey(key));
        } else {
            long mask = codec.size() >= 8 ? -1L : (1L << (codec.size() * 8)) - 1;
            long sum = 0;
            for (byte[] v : values) {
                sum += codec.decode(v).longValue() & mask;
            }
            total = sum;
        }
        return nested.create(LongAssert.class, Long.class, total, LongAssert::new)
                .describedAs("sum of per-CPU values of key=" + types.key(key) + " in " + name());
    }

    private void checkCodec(MapCodec<?> codec) {
        if (codec.size() != actual.valueSize()) {
            throw new IllegalArgumentException("the codec decodes " + codec.size() + " bytes but values of map \""
                    + actual.name() + "\" are " + actual.valueSize() + " bytes");
        }
    }

    /**
     * Navigates to what changed in the map since {@code snapshot} was taken of it.
     *
     * @throws IllegalArgumentException if the snapshot was taken of another map
     */
    public MapChangesAssert changedSince(MapSnapshot snapshot) {
        Args.notNull("snapshot", snapshot);
        isNotNull();
        if (snapshot.map() != actual) {
            throw new IllegalArgumentException("the snapshot was taken of another map named \"" + snapshot.map().name()
                    + "\"; take one of this map with MapSnapshot.of(map)");
        }
        MapChangesAssert child = nested.create(MapChangesAssert.class, MapChanges.class, MapChanges.since(snapshot),
                MapChangesAssert::new);
        AbstractMapChangesAssert.useTypes(child, types);
        child.info.description(info.description());
        return child;
    }

    private void notPerCpu(String method) {
        if (actual.isPerCpu()) {
            throw new IllegalArgumentException(name() + " is per-CPU; " + method + " reads a single value,"
                    + " use perCpuValues or sumOfPerCpuValues");
        }
    }

    private AssertionError missingKey(byte[] key) {
        return failure("Expecting " + name() + " to contain key=" + types.key(key) + " but it does not; its "
                + entries(actual.size()) + ":\n" + listing());
    }

    private String listing() {
        return types.entries(actual, MAX_LISTED);
    }

    private static String entries(int n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    private String name() {
        return "map \"" + actual.name() + "\"";
    }

    private AssertionError failure(String message) {
        return assertionError(FailureMessage.of(message));
    }
}
