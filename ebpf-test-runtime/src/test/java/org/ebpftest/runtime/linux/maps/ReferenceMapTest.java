package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class ReferenceMapTest {

    @Test
    void progArrayTakesOnlyAnyFlagAndDeletingEmptySlotIsEnoent() {
        ReferenceMap jmp = (ReferenceMap) BpfMaps.create(MapDefinition.of("jmp", MapType.PROG_ARRAY, 4, 4, 2));
        Object program = new Object();
        assertThat(errno(() -> jmp.setReference(u32(1), u32(7), program))).isZero();
        assertThat(jmp.reference(1)).containsSame(program);
        assertThat(jmp.reference(0)).isEmpty();
        assertThat(jmp.reference(99)).isEmpty();
        assertThat(errno(() -> jmp.update(u32(0), u32(7), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EINVAL);
        assertThat(errno(() -> jmp.update(u32(2), u32(7), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(jmp.delete(u32(0))).isFalse();
        assertThat(jmp.delete(u32(1))).isTrue();
        assertThat(jmp.reference(1)).isEmpty();
    }

    @Test
    void programsCannotLookUpProgArraysDirectly() {
        BpfMap jmp = BpfMaps.create(MapDefinition.of("jmp", MapType.PROG_ARRAY, 4, 4, 2));
        assertThatThrownBy(() -> jmp.lookupAddress(u32(0), 0, 0)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("bpf_map_lookup_elem is not valid for map \"jmp\" of type prog_array; the kernel's verifier rejects such a program");
    }

    @Test
    void hashOfMapsFollowsHashRules() {
        ReferenceMap outer = (ReferenceMap) BpfMaps.create(MapDefinition.of("outer", MapType.HASH_OF_MAPS, 4, 4, 1));
        BpfMap inner = BpfMaps.create(MapDefinition.of("inner", MapType.ARRAY, 4, 4, 1));
        assertThat(errno(() -> outer.setReference(u32(5), u32(3), inner))).isZero();
        assertThat(outer.reference(u32(5))).containsSame(inner);
        assertThat(errno(() -> outer.update(u32(6), u32(3), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(errno(() -> outer.update(u32(5), u32(3), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(outer.delete(u32(6))).isFalse();
    }

    @Test
    void cpumapChecksQueueSizeAndCpu() {
        ReferenceMap cpus = (ReferenceMap) BpfMaps.create(MapDefinition.of("cpus", MapType.CPUMAP, 4, 4, 8), 2);
        assertThat(errno(() -> cpus.update(u32(0), u32(192), MapFlags.BPF_ANY))).isZero();
        assertThat(errno(() -> cpus.update(u32(0), u32(20000), MapFlags.BPF_ANY))).isEqualTo(-75);
        assertThat(errno(() -> cpus.update(u32(5), u32(192), MapFlags.BPF_ANY))).isEqualTo(-19);
        assertThat(errno(() -> cpus.update(u32(1), u32(192), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(errno(() -> cpus.update(u32(0), u32(0), MapFlags.BPF_ANY))).isZero();
        assertThat(cpus.size()).isZero();
    }

    @Test
    void devmapProgramLookupSeesReadOnlyValueAndRedirectTarget() {
        BpfMap dev = BpfMaps.create(MapDefinition.of("tx", MapType.DEVMAP, 4, 4, 4));
        var memory = MapsTestSupport.mapped(dev);
        assertThat(errno(() -> dev.update(u32(1), u32(3), MapFlags.BPF_ANY))).isZero();
        assertThat(errno(() -> dev.update(u32(1), u32(3), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(errno(() -> dev.update(u32(4), u32(3), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        long address = dev.lookupAddress(u32(1), 0, 0);
        assertThat(memory.load32(address)).isEqualTo(3);
        assertThat(memory.regionAt(address).writable()).isFalse();
        assertThat(dev.lookupAddress(u32(2), 0, 0)).isZero();
        assertThat(((DevMap) dev).target(1).orElseThrow()).containsExactly(3, 0, 0, 0);
        assertThat(dev.delete(u32(2))).isTrue();
        assertThat(errno(() -> dev.delete(u32(9)))).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void devmapHashRefusesIfindexZeroAndFullInsert() {
        BpfMap dev = BpfMaps.create(MapDefinition.of("txh", MapType.DEVMAP_HASH, 4, 8, 1));
        assertThat(errno(() -> dev.update(u32(10), u64(0), MapFlags.BPF_ANY))).isEqualTo(-Errno.EINVAL);
        assertThat(errno(() -> dev.update(u32(10), u64(2), MapFlags.BPF_ANY))).isZero();
        assertThat(errno(() -> dev.update(u32(11), u64(2), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(dev.delete(u32(11))).isFalse();
        assertThat(dev.keys()).containsExactly(u32(10));
    }

    @Test
    void stackTraceMapStoresStacksByHashAndRefusesCollisionsUnlessReused() {
        StackTraceMap stacks = (StackTraceMap) BpfMaps.create(MapDefinition.of("st", MapType.STACK_TRACE, 4, 8 * 4, 1));
        long id = stacks.getStackId(new long[] {0x10, 0x20, 0x30}, 1);
        assertThat(id).isZero();
        assertThat(stacks.stack(0).orElseThrow()).containsExactly(0x20L, 0x30L);
        assertThat(stacks.getStackId(new long[] {0x10, 0x20, 0x30}, 1)).isZero();
        assertThat(stacks.getStackId(new long[] {0x99}, 0)).isEqualTo(-Errno.EEXIST);
        assertThat(stacks.getStackId(new long[] {0x99}, MapFlags.BPF_F_REUSE_STACKID)).isZero();
        assertThat(stacks.delete(u32(0))).isTrue();
        assertThat(stacks.delete(u32(0))).isFalse();
    }
}
