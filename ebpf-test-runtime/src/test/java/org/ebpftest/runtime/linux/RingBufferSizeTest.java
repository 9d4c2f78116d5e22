package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/** ringbuf_sizes.c: ring buffer sizes rounded up as libbpf rounds them before creating the maps. */
class RingBufferSizeTest {
    @Test
    void roundsRingBufferSizesUpAsLibbpfDoes() {
        LoadedObject object = LoadedObject.load(Path.of("src/test/resources/elf/ringbuf_sizes.o"));

        // bpftool map show after bpftool prog loadall of the same object: 4096 and 16384
        assertThat(object.map("rb8").maxEntries()).isEqualTo(4096);
        assertThat(object.map("rb12k").maxEntries()).isEqualTo(16384);
        assertThat(object.run("p", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
    }

    @Test
    void keepsSizesTheKernelTakesAndZero() {
        assertThat(MapCreation.ringBufferSize(4096)).isEqualTo(4096);
        assertThat(MapCreation.ringBufferSize(8192)).isEqualTo(8192);
        assertThat(MapCreation.ringBufferSize(4097)).isEqualTo(8192);
        assertThat(MapCreation.ringBufferSize(0)).isZero();
    }
}
