package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import org.ebpftest.runtime.elf.MapType;
import org.junit.jupiter.api.Test;

class ReferenceMapTest {

    @Test
    void progArrayTakesOnlyAnyFlagAndDeletingEmptySlotIsEnoent() {
        ReferenceMap jmp = (ReferenceMap) BpfMaps.create(MapDefinition.of("jmp", MapType.PROG_ARRAY, 4, 4, 2));
        Object program = new Object();
        assertThat(jmp.setReference(u32(1), u32(7), program)).isZero();
        assertThat(jmp.reference(1)).isSameAs(program);
        assertThat(jmp.reference(0)).isNull();
        assertThat(jmp.reference(99)).isNull();
        assertThat(jmp.update(u32(0), u32(7), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EINVAL);
        assertThat(jmp.update(u32(2), u32(7), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(jmp.delete(u32(0))).isEqualTo(-Errno.ENOENT);
        assertThat(jmp.delete(u32(1))).isZero();
        assertThat(jmp.reference(1)).isNull();
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
        assertThat(outer.setReference(u32(5), u32(3), inner)).isZero();
        assertThat(outer.reference(u32(5))).isSameAs(inner);
        assertThat(outer.update(u32(6), u32(3), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(outer.update(u32(5), u32(3), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(outer.delete(u32(6))).isEqualTo(-Errno.ENOENT);
    }

    @Test
    void cpumapChecksQueueSizeAndCpu() {
        ReferenceMap cpus = (ReferenceMap) BpfMaps.create(MapDefinition.of("cpus", MapType.CPUMAP, 4, 4, 8), 2);
        assertThat(cpus.update(u32(0), u32(192), MapFlags.BPF_ANY)).isZero();
        assertThat(cpus.update(u32(0), u32(20000), MapFlags.BPF_ANY)).isEqualTo(-75);
        assertThat(cpus.update(u32(5), u32(192), MapFlags.BPF_ANY)).isEqualTo(-19);
        assertThat(cpus.update(u32(1), u32(192), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(cpus.update(u32(0), u32(0), MapFlags.BPF_ANY)).isZero();
        assertThat(cpus.size()).isZero();
    }

    @Test
    void devmapProgramLookupSeesReadOnlyValueAndRedirectTarget() {
        BpfMap dev = BpfMaps.create(MapDefinition.of("tx", MapType.DEVMAP, 4, 4, 4));
        var memory = MapsTestSupport.mapped(dev);
        assertThat(dev.update(u32(1), u32(3), MapFlags.BPF_ANY)).isZero();
        assertThat(dev.update(u32(1), u32(3), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(dev.update(u32(4), u32(3), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        long address = dev.lookupAddress(u32(1), 0, 0);
        assertThat(memory.load32(address)).isEqualTo(3);
        assertThat(memory.regionAt(address).writable()).isFalse();
        assertThat(dev.lookupAddress(u32(2), 0, 0)).isZero();
        assertThat(((DevMap) dev).target(1)).containsExactly(3, 0, 0, 0);
        assertThat(dev.delete(u32(2))).isZero();
        assertThat(dev.delete(u32(9))).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void devmapHashRefusesIfindexZeroAndFullInsert() {
        BpfMap dev = BpfMaps.create(MapDefinition.of("txh", MapType.DEVMAP_HASH, 4, 8, 1));
        assertThat(dev.update(u32(10), u64(0), MapFlags.BPF_ANY)).isEqualTo(-Errno.EINVAL);
        assertThat(dev.update(u32(10), u64(2), MapFlags.BPF_ANY)).isZero();
        assertThat(dev.update(u32(11), u64(2), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(dev.delete(u32(11))).isEqualTo(-Errno.ENOENT);
        assertThat(dev.keys()).containsExactly(u32(10));
    }

    @Test
    void stackTraceMapStoresStacksByHashAndRefusesCollisionsUnlessReused() {
        StackTraceMap stacks = (StackTraceMap) BpfMaps.create(MapDefinition.of("st", MapType.STACK_TRACE, 4, 8 * 4, 1));
        long id = stacks.getStackId(new long[] {0x10, 0x20, 0x30}, 1);
        assertThat(id).isZero();
        assertThat(stacks.stack(0)).containsExactly(0x20L, 0x30L);
        assertThat(stacks.getStackId(new long[] {0x10, 0x20, 0x30}, 1)).isZero();
        assertThat(stacks.getStackId(new long[] {0x99}, 0)).isEqualTo(-Errno.EEXIST);
        assertThat(stacks.getStackId(new long[] {0x99}, MapFlags.BPF_F_REUSE_STACKID)).isZero();
        assertThat(stacks.delete(u32(0))).isZero();
        assertThat(stacks.delete(u32(0))).isEqualTo(-Errno.ENOENT);
    }
}
