package org.ebpftest.junit;

import java.util.HexFormat;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;

/** Puts a fixture's map entries into a loaded object before its run. */
final class FixturePreload {
    private FixturePreload() {
    }

    static void preload(BpfFixture fixture, LoadedObject object) {
        fixture.maps().forEach((name, entries) -> {
            BpfMap map = map(fixture, object, name);
            for (BpfFixture.Entry entry : entries) {
                check(fixture, map, "key", entry.key().length, map.keySize());
                entry.values().forEach(v -> check(fixture, map, "value", v.length, map.valueSize()));
                long error = entry.perCpu() ? map.updatePerCpu(entry.key(), entry.values(), 0) : map.update(entry.key(), entry.values().get(0), 0);
                if (error != 0) {
                    throw new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source() + "]: map [" + name
                            + "] refused key " + HexFormat.of().formatHex(entry.key()) + " with error " + error);
                }
            }
        });
    }

    static BpfMap map(BpfFixture fixture, LoadedObject object, String name) {
        return object.findMap(name).orElseThrow(() -> new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source()
                + "] names map [" + name + "], but [" + object.spec().fileName() + "] has maps " + object.maps().keySet()));
    }

    private static void check(BpfFixture fixture, BpfMap map, String what, int length, int size) {
        if (length != size) {
            throw new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source() + "]: map [" + map.name() + "] has "
                    + size + "-byte " + what + "s, but the fixture gives " + length + " bytes");
        }
    }
}
