package org.ebpftest.assertions;

import org.ebpftest.runtime.linux.maps.BpfMap;

/** Assertions on the records of a ring buffer or perf event array; see {@link AbstractMapRecordsAssert}. */
public class MapRecordsAssert extends AbstractMapRecordsAssert<MapRecordsAssert> {

    /**
     * Creates an assertion on a ring buffer or perf event array, consuming its records.
     *
     * @throws IllegalArgumentException if the map is of another type
     */
    public MapRecordsAssert(BpfMap actual) {
        super(actual, MapRecordsAssert.class);
    }
}
