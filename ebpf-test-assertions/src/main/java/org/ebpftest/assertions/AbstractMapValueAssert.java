package org.ebpftest.assertions;

import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.LongAssert;
import org.assertj.core.api.ObjectAssert;
import org.ebpftest.runtime.linux.maps.MapCodec;

/**
 * Assertions on the value of one key of a map, reached with {@code assertThat(map).value(key)}: the
 * bytes (AssertJ's byte-array checks), the value decoded with a {@link MapCodec}, or, when the map
 * assertion has the map's BTF types, an integer field by name.
 *
 * <pre>{@code
 * assertThat(object.map("flows"), object).value(key).hasField("pkts", 1).field("bytes").isGreaterThan(60);
 * }</pre>
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractMapValueAssert<SELF extends AbstractMapValueAssert<SELF>> extends AbstractByteArrayAssert<SELF> {

    private MapTypes types = MapTypes.RAW;
    private NestedAsserts nested = NestedAsserts.HARD;
    private String label = "value";

    /** Creates an assertion on a value's bytes. */
    protected AbstractMapValueAssert(byte[] actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Sets what the map assertion knows: the types, soft navigation, and which value this is. */
    static void configure(AbstractMapValueAssert<?> assertion, MapTypes types, NestedAsserts nested, String label) {
        assertion.types = types;
        assertion.nested = nested;
        assertion.label = label;
    }

    /**
     * Checks an integer field of the value, by name or dotted path ({@code stats.pkts}), read through
     * the map's BTF value type.
     *
     * @throws IllegalArgumentException if the map assertion has no BTF types, or the value type no such integer field
     */
    public SELF hasField(String name, long expected) {
        isNotNull();
        long value = types.field(actual, name);
        if (value != expected) {
            throw assertionError(FailureMessage.of("Expecting field " + name + " of " + label + " to be: " + expected + " but was: "
                    + value + "\nvalue: " + types.value(actual)));
        }
        return myself;
    }

    /**
     * An AssertJ assertion on an integer field of the value, as {@link #hasField} reads it, for
     * comparisons such as {@code field("bytes").isGreaterThan(60)}.
     *
     * @throws IllegalArgumentException if the map assertion has no BTF types, or the value type no such integer field
     */
    public LongAssert field(String name) {
        isNotNull();
        long value = types.field(actual, name);
        return nested.create(LongAssert.class, Long.class, value, LongAssert::new)
                .describedAs("field " + name + " of " + label);
    }

    /**
     * An AssertJ assertion on the value decoded with {@code codec}, such as {@code MapCodec.int64()}
     * or {@code MapCodec.record(Counters.class)}.
     *
     * @throws IllegalArgumentException if the codec's size is not the value's
     */
    public <T> ObjectAssert<T> decodedAs(MapCodec<T> codec) {
        Args.notNull("value codec", codec);
        isNotNull();
        if (codec.size() != actual.length) {
            throw new IllegalArgumentException("the codec decodes " + codec.size() + " bytes but the value has " + actual.length);
        }
        return nested.object(codec.decode(actual)).describedAs(label);
    }
}
