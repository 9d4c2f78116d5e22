package org.ebpftest.assertions;

import org.ebpftest.runtime.snapshot.MapChanges;

/** Assertions on what changed in a map since a snapshot; see {@link AbstractMapChangesAssert} for the checks. */
public class MapChangesAssert extends AbstractMapChangesAssert<MapChangesAssert> {

    /** Creates an assertion on the changes to a map; {@code assertThat(map).changedSince(snapshot)} is the usual way. */
    public MapChangesAssert(MapChanges actual) {
        super(actual, MapChangesAssert.class);
    }
}
