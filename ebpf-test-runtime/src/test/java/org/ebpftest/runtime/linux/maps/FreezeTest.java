package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * BPF_MAP_FREEZE, pinned against Linux 6.18 with {@code bpftool map freeze} and then update, delete,
 * push, pop, lookup and getnext on maps of helpers_env.o and globals.o.
 */
class FreezeTest {

    @Test
    void aFrozenArrayRefusesEveryUpdateAndDeleteWithEpermBeforeItsOwnChecks() {
        BpfMap array = BpfMaps.create(MapDefinition.of("data", MapType.ARRAY, 4, 8, 1));
        assertThat(errno(() -> array.update(u32(0), u64(7), MapFlags.BPF_ANY))).isZero();

        assertThat(errno(() -> array.freeze())).isZero();

        assertThat(array.isFrozen()).isTrue();
        assertThat(errno(() -> array.update(u32(0), u64(8), MapFlags.BPF_ANY))).isEqualTo(-Errno.EPERM);
        // the kernel says EEXIST, E2BIG and EINVAL to these on a map that is not frozen
        assertThat(errno(() -> array.update(u32(0), u64(8), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EPERM);
        assertThat(errno(() -> array.update(u32(9), u64(8), MapFlags.BPF_ANY))).isEqualTo(-Errno.EPERM);
        assertThat(errno(() -> array.delete(u32(0)))).isEqualTo(-Errno.EPERM);
        BpfMap perCpu = BpfMaps.create(MapDefinition.of("pcpu", MapType.PERCPU_ARRAY, 4, 8, 1));
        assertThat(errno(() -> perCpu.freeze())).isZero();
        assertThat(errno(() -> perCpu.updatePerCpu(u32(0), List.of(u64(8)), MapFlags.BPF_ANY))).isEqualTo(-Errno.EPERM);
        assertThat(le(array.lookup(u32(0)).orElseThrow())).isEqualTo(7);
        assertThat(array.keys()).hasSize(1);
    }

    @Test
    void freezingTwiceIsEpermBecauseTheMapHasLostWriteAccess() {
        BpfMap hash = BpfMaps.create(MapDefinition.of("table", MapType.HASH, 4, 8, 4));

        assertThat(errno(() -> hash.freeze())).isZero();
        assertThat(errno(() -> hash.freeze())).isEqualTo(-Errno.EPERM);
    }

    @Test
    void aFrozenHashStillAnswersLookupsAndKeyWalks() {
        BpfMap hash = BpfMaps.create(MapDefinition.of("table", MapType.HASH, 4, 8, 4));
        hash.put(u32(1), u64(10));
        hash.freeze();

        assertThat(errno(() -> hash.delete(u32(9)))).isEqualTo(-Errno.EPERM);
        assertThat(errno(() -> hash.update(u32(2), u64(20), MapFlags.BPF_ANY))).isEqualTo(-Errno.EPERM);
        assertThat(le(hash.lookup(u32(1)).orElseThrow())).isEqualTo(10);
        assertThat(hash.keys()).extracting(MapsTestSupport::le).containsExactly(1L);
        assertThatThrownBy(() -> hash.put(u32(2), u64(20))).isInstanceOf(MapOperationException.class)
                .hasMessage("update on map \"table\" failed: EPERM");
        assertThatThrownBy(hash::clear).isInstanceOf(MapOperationException.class).hasMessage("clear on map \"table\" failed: EPERM");
        assertThat(hash.size()).isEqualTo(1);
    }

    @Test
    void aFrozenQueueRefusesPushAndPopButPeeks() {
        QueueStackMap queue = (QueueStackMap) BpfMaps.create(MapDefinition.of("queue", MapType.QUEUE, 0, 4, 2));
        queue.push(u32(1), MapFlags.BPF_ANY);
        queue.freeze();

        assertThat(errno(() -> queue.push(u32(2), MapFlags.BPF_ANY))).isEqualTo(-Errno.EPERM);
        assertThat(le(queue.peek().orElseThrow())).isEqualTo(1);
        assertThatThrownBy(queue::pop).isInstanceOf(MapOperationException.class).hasMessage("lookup_and_delete on map \"queue\" failed: EPERM");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aMapWhoseValueHoldsASpinLockCannotBeFrozen() {
        BpfMap locked = BpfMaps.create(MapDefinition.of("counter", MapType.ARRAY, 4, 8, 1).withSpinLockAt(0));

        assertThat(errno(() -> locked.freeze())).isEqualTo(-Errno.ENOTSUPP);
        assertThat(locked.isFrozen()).isFalse();
        assertThat(errno(() -> locked.update(u32(0), u64(1), MapFlags.BPF_ANY))).isZero();
    }

    @Test
    void programsStillWriteAFrozenMapThatIsNotReadOnlyToThem() {
        BpfMap array = BpfMaps.create(MapDefinition.of("data", MapType.ARRAY, 4, 8, 1));
        array.freeze();

        assertThat(array.updateElem(u32(0), 0, u64(5), 0, MapFlags.BPF_ANY, 0)).isZero();
        assertThat(le(array.lookup(u32(0)).orElseThrow())).isEqualTo(5);
    }
}
