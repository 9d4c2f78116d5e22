package org.ebpftest.runtime.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.junit.jupiter.api.Test;

/** Snapshots of maps and of whole objects, and what changed between two of them. */
class MapChangesTest {

    @Test
    void reportsChangedAndRemovedKeysInSnapshotOrderThenAddedKeys() {
        // given a hash with keys 1, 2, 3
        BpfMap map = BpfMaps.create(MapDefinition.of("h", MapType.HASH, 4, 8, 8));
        for (int k = 1; k <= 3; k++) {
            map.put(u32(k), u64(k));
        }
        MapSnapshot before = MapSnapshot.of(map);

        // when 4 is added, 2 removed and 3 changed
        map.put(u32(4), u64(4));
        map.delete(u32(2));
        map.put(u32(3), u64(30));
        MapChanges changes = MapChanges.since(before);

        // then the change of each key is known, with its values before and after
        assertThat(changes.changes()).extracting(MapChanges.Change::kind)
                .containsExactlyInAnyOrder(MapChanges.Kind.REMOVED, MapChanges.Kind.CHANGED, MapChanges.Kind.ADDED);
        assertThat(changes.changes().get(changes.changes().size() - 1).kind()).isEqualTo(MapChanges.Kind.ADDED);
        assertThat(changes.of(u32(3)).orElseThrow().before()).containsExactly(u64(3));
        assertThat(changes.of(u32(3)).orElseThrow().after()).containsExactly(u64(30));
        assertThat(changes.changes(MapChanges.Kind.REMOVED)).singleElement().satisfies(c -> assertThat(c.key()).isEqualTo(u32(2)));
        assertThat(changes.of(u32(1))).isEmpty();
    }

    @Test
    void aPerCpuValueChangedOnOneCpuIsAChangeWithEveryCpusValues() {
        // given a per-CPU array on two CPUs
        BpfMap map = BpfMaps.create(MapDefinition.of("pc", MapType.PERCPU_ARRAY, 4, 8, 2), 2);
        MapSnapshot before = MapSnapshot.of(map);

        // when CPU 1's value of index 0 changes
        map.updatePerCpu(u32(0), List.of(u64(0), u64(7)), 0);
        MapChanges changes = MapChanges.between(before, MapSnapshot.of(map));

        // then index 0 changed, and the change holds both CPUs' values
        MapChanges.Change change = changes.changes().get(0);
        assertThat(changes.changes()).hasSize(1);
        assertThat(change.kind()).isEqualTo(MapChanges.Kind.CHANGED);
        assertThat(change.before()).containsExactly(u64(0), u64(0));
        assertThat(change.after()).containsExactly(u64(0), u64(7));
    }

    @Test
    void orderedByKeyBytesUnsignedWhateverOrderTheMapIteratesIn() {
        // given keys added in an order that is not their byte order
        BpfMap map = BpfMaps.create(MapDefinition.of("h", MapType.HASH, 4, 8, 8));
        MapSnapshot before = MapSnapshot.of(map);
        for (int k : new int[] {0x80, 9, 1, 300}) {
            map.put(u32(k), u64(k));
        }

        // when the additions are sorted by key
        List<byte[]> keys = MapChanges.since(before).changes().stream().sorted(MapChanges.BY_KEY).map(MapChanges.Change::key).toList();

        // then bytes compare unsigned, first byte first
        assertThat(keys).containsExactly(u32(1), u32(9), u32(300), u32(0x80));
    }

    @Test
    void ringBufferRecordsThatArrivedBetweenTheSnapshotsAreNewAndTakingThemConsumesNothing() {
        // given a ring buffer with one sample waiting
        RingBufMap ring = (RingBufMap) BpfMaps.create(MapDefinition.of("rb", MapType.RINGBUF, 0, 0, 4096));
        ring.output(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8, 0);
        MapSnapshot before = MapSnapshot.of(ring);

        // when another arrives
        ring.output(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 0, 8, 0);
        MapChanges changes = MapChanges.since(before);

        // then only the second is new, and both are still there to drain
        assertThat(before.holdsRecords()).isTrue();
        assertThat(changes.newRingRecords()).containsExactly(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertThat(ring.drain()).hasSize(2);
    }

    @Test
    void snapshotsOfAnObjectCoverEveryMapAndSayWhichCannotBeListed() throws IOException {
        // given maps.o, which has a bloom filter among its maps
        LoadedObject object;
        try (InputStream in = MapChangesTest.class.getResourceAsStream("/elf/maps.o")) {
            object = LoadedObject.load(ObjectSpec.parse("maps.o", in.readAllBytes()));
        }

        // when a snapshot is taken of the whole object
        ObjectSnapshot snapshot = ObjectSnapshot.of(object);

        // then every map is there in the object's order, and the bloom filter says why it has no entries
        assertThat(snapshot.maps().keySet()).containsExactlyElementsOf(object.maps().keySet());
        assertThat(snapshot.map("bloom").notListed()).contains("a bloom filter cannot be listed, only queried");
        assertThat(snapshot.map("flows").notListed()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> snapshot.map("nope"))
                .withMessageStartingWith("the snapshot has no map \"nope\"; its maps: [inner_a, inner_b, outer");
    }

    @Test
    void snapshotsOfDifferentMapsCannotBeCompared() {
        BpfMap a = BpfMaps.create(MapDefinition.of("a", MapType.HASH, 4, 8, 8));
        BpfMap b = BpfMaps.create(MapDefinition.of("b", MapType.HASH, 4, 8, 8));

        assertThatIllegalArgumentException().isThrownBy(() -> MapChanges.between(MapSnapshot.of(a), MapSnapshot.of(b)))
                .withMessage("the snapshots were taken of different maps, \"a\" and \"b\"");
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> 8 * i);
        }
        return b;
    }
}
