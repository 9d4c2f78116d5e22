package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * Sizes at the edge of what {@code BPF_MAP_CREATE} takes: key_size and value_size are u32, so a
 * negative int here is a size above INT_MAX, and no size arithmetic may wrap. The errnos were
 * confirmed with {@code bpftool map create} on Linux 6.18 (MapCreateKernelTest keeps the comparison).
 */
class MapSizeLimitsTest {
    private static final int U32_MAX = -1;

    private static MapCreationException refusal(MapDefinition d, int cpus) {
        try {
            BpfMaps.create(d, cpus);
        } catch (MapCreationException e) {
            return e;
        }
        throw new AssertionError(d + " was accepted");
    }

    @Test
    void perCpuArrayWithValueSizeIntMaxIsE2bigAsInLinux() {
        // given value_size 2^31-1, whose rounding up to 8 wraps a Java int
        MapDefinition d = MapDefinition.of("x", MapType.PERCPU_ARRAY, 4, Integer.MAX_VALUE, 1);

        // when it is created, then the kernel's answer, not an ArithmeticException
        MapCreationException e = refusal(d, 2);
        assertThat(e.errno()).isEqualTo(Errno.E2BIG);
        assertThat(e).hasMessageContaining("map \"x\"").hasMessageContaining("2147483647");
    }

    @Test
    void valueSizeAboveIntMaxIsE2bigForArraysHashesAndQueues() {
        for (MapType t : new MapType[] {MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.HASH, MapType.PERCPU_HASH, MapType.LRU_HASH}) {
            MapDefinition d = MapDefinition.of("v", t, 4, U32_MAX, 1);
            assertThat(refusal(d, 1).errno()).as(t.name()).isEqualTo(Errno.E2BIG);
            assertThat(refusal(d, 1)).as(t.name()).hasMessageContaining("4294967295");
        }
        assertThat(refusal(MapDefinition.of("q", MapType.QUEUE, 0, U32_MAX, 1), 1).errno()).isEqualTo(Errno.E2BIG);
        assertThat(refusal(MapDefinition.of("b", MapType.BLOOM_FILTER, 0, U32_MAX, 1), 1).errno()).isEqualTo(Errno.E2BIG);
    }

    @Test
    void keySizeAboveIntMaxIsE2bigForHashesAndSockhash() {
        assertThat(refusal(MapDefinition.of("h", MapType.HASH, U32_MAX, 8, 1), 1).errno()).isEqualTo(Errno.E2BIG);
        assertThat(refusal(MapDefinition.of("s", MapType.SOCKHASH, U32_MAX, 8, 1), 1).errno()).isEqualTo(Errno.E2BIG);
    }

    @Test
    void valueSizeAboveIntMaxIsEinvalWhereTheTypeWantsAFixedSize() {
        assertThat(refusal(MapDefinition.of("l", MapType.LPM_TRIE, 8, U32_MAX, 1).withFlags(MapFlags.BPF_F_NO_PREALLOC), 1).errno())
                .isEqualTo(Errno.EINVAL);
        assertThat(refusal(MapDefinition.of("st", MapType.STACK_TRACE, 4, U32_MAX, 1), 1).errno()).isEqualTo(Errno.EINVAL);
        assertThat(refusal(MapDefinition.of("d", MapType.DEVMAP, 4, U32_MAX, 1), 1).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void perCpuValuesOfEveryCpuCountTowardsTheOneMapLimit() {
        // given 32 KiB values (the most a per-CPU value may be) in 32768 slots: 1 GiB on one CPU
        MapDefinition d = MapDefinition.of("pcpu", MapType.PERCPU_ARRAY, 4, 32 * 1024, 32 * 1024);

        // when the map has four CPUs, then it needs 4 GiB: ENOMEM, not an overflowing array size
        MapCreationException e = refusal(d, 4);
        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e).hasMessageContaining("4 CPUs");
        assertThat(BpfMaps.memoryFootprint(d, 1)).as("the same map on one CPU fits exactly").isEqualTo(1L << 30);
    }

    @Test
    void hugeEntryCountsAreRefusedBeforeAnyAllocation() {
        assertThat(refusal(MapDefinition.of("st", MapType.STACK_TRACE, 4, 64, 0xffff_ffffL), 1).errno()).isEqualTo(Errno.E2BIG);
        assertThat(refusal(MapDefinition.of("dev", MapType.DEVMAP, 4, 4, 0xffff_ffffL), 1).errno()).isEqualTo(Errno.ENOMEM);
        assertThat(refusal(MapDefinition.of("sock", MapType.SOCKMAP, 4, 4, 0xffff_ffffL), 1).errno()).isEqualTo(Errno.ENOMEM);
        assertThat(refusal(MapDefinition.of("progs", MapType.PROG_ARRAY, 4, 4, 1L << 28), 1).errno()).isEqualTo(Errno.ENOMEM);
        assertThat(refusal(MapDefinition.of("q", MapType.QUEUE, 0, 8, 0xffff_ffffL), 1).errno()).isEqualTo(Errno.ENOMEM);
    }

    @Test
    void footprintCountsValuesKeysAndBookkeeping() {
        // an array: exactly its values, each rounded up to 8 bytes
        assertThat(BpfMaps.memoryFootprint(MapDefinition.of("a", MapType.ARRAY, 4, 12, 1000), 1)).isEqualTo(16_000);
        // a hash: more than its keys and values alone, since chains, hashes and the free list take room too
        long hash = BpfMaps.memoryFootprint(MapDefinition.of("h", MapType.HASH, 4, 8, 1000), 1);
        assertThat(hash).isGreaterThan(1000 * (4 + 8));
        // a ring buffer: the data area twice, as the kernel maps it
        assertThat(BpfMaps.memoryFootprint(MapDefinition.of("rb", MapType.RINGBUF, 0, 0, 4096), 1)).isEqualTo(8192);
        assertThatThrownBy(() -> BpfMaps.memoryFootprint(MapDefinition.of("bad", MapType.ARRAY, 8, 8, 1), 1))
                .isInstanceOf(MapCreationException.class).hasMessageEndingWith("(EINVAL)");
    }

    @Test
    void formatsByteCountsForMessages() {
        assertThat(BpfMaps.formatBytes(512)).isEqualTo("512 bytes");
        assertThat(BpfMaps.formatBytes(512L << 20)).isEqualTo("512 MiB");
        assertThat(BpfMaps.formatBytes(3L << 29)).isEqualTo("1.5 GiB");
    }
}
