package org.ebpftest.junit;

import java.util.HexFormat;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.uapi.MapFlags;

/** Puts a fixture's map entries into a loaded object before its run. */
final class FixturePreload {
    private FixturePreload() {
    }

    static void preload(BpfFixture fixture, LoadedObject object) {
        fixture.maps().forEach((name, entries) -> {
            BpfMap map = map(fixture, object, name);
            for (BpfFixture.Entry entry : entries) {
                checkValueCount(fixture, map, entry);
                check(fixture, map, "key", entry.key().length, map.keySize());
                entry.values().forEach(v -> check(fixture, map, "value", v.length, map.valueSize()));
                try {
                    if (entry.perCpu()) {
                        map.updatePerCpu(entry.key(), entry.values(), MapFlags.BPF_ANY);
                    } else {
                        map.update(entry.key(), entry.values().get(0), MapFlags.BPF_ANY);
                    }
                } catch (MapOperationException e) {
                    throw new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source() + "]: map [" + name
                            + "] refused key " + HexFormat.of().formatHex(entry.key()) + " with error " + -e.errno(), e);
                }
            }
        });
    }

    static BpfMap map(BpfFixture fixture, LoadedObject object, String name) {
        return object.findMap(name).orElseThrow(() -> new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source()
                + "] names map [" + name + "], but [" + object.spec().fileName() + "] has maps " + object.maps().keySet()));
    }

    /**
     * Refuses {@code "values"} whose count is not the map's CPU count, and {@code "values"} for a
     * map that is not per-CPU, naming where the fixture gives them. (A single {@code "value"} is
     * always fine: on a per-CPU map every CPU gets it.)
     *
     * @throws FixtureFormatException naming the file, path, line and column, and both counts
     */
    static void checkValueCount(BpfFixture fixture, BpfMap map, BpfFixture.Entry entry) {
        if (!entry.perCpu()) {
            return;
        }
        String where = entry.where().isEmpty() ? "fixture [" + fixture.name() + "] in [" + fixture.source() + "]" : entry.where();
        int given = entry.values().size();
        if (!map.isPerCpu()) {
            throw new FixtureFormatException(where + ": map [" + map.name() + "] is not per-CPU, but the fixture gives \"values\" ("
                    + given + "); give a single \"value\"");
        }
        if (given != map.cpus()) {
            throw new FixtureFormatException(where + ": map [" + map.name() + "] is per-CPU on " + map.cpus() + " CPUs, but the fixture gives "
                    + given + (given == 1 ? " value" : " values") + "; give " + map.cpus() + ", or a single \"value\" for every CPU");
        }
    }

    private static void check(BpfFixture fixture, BpfMap map, String what, int length, int size) {
        if (length != size) {
            throw new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source() + "]: map [" + map.name() + "] has "
                    + size + "-byte " + what + "s, but the fixture gives " + length + " bytes");
        }
    }
}
