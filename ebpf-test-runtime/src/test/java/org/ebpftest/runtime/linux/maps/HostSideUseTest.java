package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/** Host-side use of maps that no program has run against yet. */
class HostSideUseTest {

    private record Pair(int a, long b) {
    }

    @Test
    void ringBufferOutputWorksBeforeTheRingIsMappedIntoAnyVm() {
        RingBufMap ring = (RingBufMap) BpfMaps.create(MapDefinition.of("events", MapType.RINGBUF, 0, 0, 4096));

        long status = ring.output(new byte[] {1, 2, 3, 4}, 0, 4, 0);

        assertThat(status).isZero();
        assertThat(ring.drain()).singleElement().satisfies(record -> assertThat(record).containsExactly(1, 2, 3, 4));
    }

    @Test
    void recordsDeclaredInNonPublicClassesEncodeAndDecode() {
        MapCodec<Pair> codec = MapCodec.record(Pair.class);
        byte[] bytes = new byte[codec.size()];

        codec.encode(new Pair(7, 9L), bytes, 0);

        assertThat(codec.decode(bytes, 0)).isEqualTo(new Pair(7, 9L));
    }
}
