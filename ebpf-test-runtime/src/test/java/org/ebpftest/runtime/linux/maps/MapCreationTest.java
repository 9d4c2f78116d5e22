package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class MapCreationTest {

    private static int errnoOf(MapDefinition def) {
        try {
            BpfMaps.create(def, 2);
            return 0;
        } catch (MapCreationException e) {
            return e.errno();
        }
    }

    @Test
    void refusesDefinitionsWithKernelErrnoConfirmedAgainstKernel() {
        // each line ran as "bpftool map create" on Linux 6.18
        assertThat(errnoOf(MapDefinition.of("x", MapType.ARRAY, 8, 4, 3))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.HASH, 4, 4, 0))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.LRU_HASH, 4, 4, 4).withFlags(MapFlags.BPF_F_NO_PREALLOC)))
                .isEqualTo(Errno.ENOTSUPP);
        assertThat(errnoOf(MapDefinition.of("x", MapType.LPM_TRIE, 8, 4, 4))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.RINGBUF, 0, 0, 12288))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.HASH, 4, 4, 4).withFlags(MapFlags.BPF_F_NO_COMMON_LRU)))
                .isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.PERCPU_ARRAY, 4, 40000, 4))).isEqualTo(Errno.E2BIG);
        assertThat(errnoOf(MapDefinition.of("x", MapType.QUEUE, 4, 4, 4))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void acceptsValidDefinitionsOfEverySupportedType() {
        assertThat(errnoOf(MapDefinition.of("x", MapType.RINGBUF, 0, 0, 4096))).isZero();
        assertThat(errnoOf(MapDefinition.of("x", MapType.LPM_TRIE, 8, 4, 4).withFlags(MapFlags.BPF_F_NO_PREALLOC))).isZero();
        assertThat(errnoOf(MapDefinition.of("x", MapType.BLOOM_FILTER, 0, 4, 100).withMapExtra(3))).isZero();
        assertThat(errnoOf(MapDefinition.of("x", MapType.STACK_TRACE, 4, 8 * 127, 16))).isZero();
        assertThat(errnoOf(MapDefinition.of("x", MapType.STACK_TRACE, 4, 8 * 128, 16))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.PROG_ARRAY, 4, 8, 4))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(MapDefinition.of("x", MapType.HASH, 4, 4, 4).withMapExtra(1))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void unsupportedTypeErrorNamesMapAndType() {
        MapDefinition def = MapDefinition.of("sessions", MapType.TASK_STORAGE, 4, 4, 0);
        assertThatThrownBy(() -> BpfMaps.create(def))
                .isInstanceOf(MapCreationException.class)
                .hasMessageStartingWith("cannot create map \"sessions\" of type task_storage: this map type is not emulated");
    }

    @Test
    void messageNamesTheMapTheProblemAndTheErrno() {
        assertThatThrownBy(() -> BpfMaps.create(MapDefinition.of("flows", MapType.ARRAY, 8, 4, 3)))
                .hasMessageStartingWith("cannot create map \"flows\" of type array: an array needs max_entries > 0, key_size 4")
                .hasMessageEndingWith("(EINVAL)");
    }
}
