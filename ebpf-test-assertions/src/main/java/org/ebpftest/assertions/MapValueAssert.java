package org.ebpftest.assertions;

/** Assertions on the value of one key of a map; see {@link AbstractMapValueAssert} for the checks. */
public class MapValueAssert extends AbstractMapValueAssert<MapValueAssert> {

    /** Creates an assertion on a value's bytes; {@code assertThat(map).value(key)} is the usual way. */
    public MapValueAssert(byte[] actual) {
        super(actual, MapValueAssert.class);
    }
}
