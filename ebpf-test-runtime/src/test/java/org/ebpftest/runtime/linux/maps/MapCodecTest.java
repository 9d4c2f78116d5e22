package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class MapCodecTest {
    /** struct flow { __be32 src; __u16 port; __u8 proto; __u64 bytes; } is 16 bytes in C. */
    record Flow(Inet4Address src, short port, byte proto, long bytes) {
    }

    @Test
    void recordLayoutFollowsCAlignment() throws Exception {
        MapCodec<Flow> codec = MapCodec.record(Flow.class);
        Flow flow = new Flow((Inet4Address) InetAddress.getByName("10.0.0.1"), (short) 80, (byte) 6, 0x0102L);
        byte[] bytes = codec.encode(flow);
        assertThat(codec.size()).isEqualTo(16);
        assertThat(bytes).containsExactly(10, 0, 0, 1, 80, 0, 6, 0, 2, 1, 0, 0, 0, 0, 0, 0);
        assertThat(codec.decode(bytes)).isEqualTo(flow);
    }

    @Test
    void typedMapRoundTripsThroughTheHostApi() throws Exception {
        BpfMap map = BpfMaps.create(MapDefinition.of("flows", MapType.HASH, 4, 16, 8));
        TypedMap<Inet4Address, Flow> flows = map.typed(MapCodec.ipv4(), MapCodec.record(Flow.class));
        Inet4Address a = (Inet4Address) InetAddress.getByName("192.168.0.1");
        flows.put(a, new Flow(a, (short) 443, (byte) 17, 99));
        assertThat(flows.get(a).orElseThrow().bytes()).isEqualTo(99);
        assertThat(flows.keys()).containsExactly(a);
        assertThat(map.lookup(MapCodec.ipv4().encode(a)).orElseThrow()).startsWith(192, 168, 0, 1);
        assertThat(flows.delete(a)).isTrue();
        assertThat(flows.size()).isZero();
    }

    @Test
    void codecSizesMustMatchTheMap() {
        BpfMap map = BpfMaps.create(MapDefinition.of("c", MapType.ARRAY, 4, 8, 1));
        assertThatThrownBy(() -> map.typed(MapCodec.int32(), MapCodec.int32()))
                .hasMessageContaining("value_size 8").hasMessageContaining("encode 4 and 4 bytes");
        TypedMap<Integer, Long> counters = map.typed(MapCodec.int32(), MapCodec.int64());
        counters.put(0, -2L);
        assertThat(counters.get(0)).contains(-2L);
        assertThat(errno(() -> counters.update(1, 1L, MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
    }

    @Test
    void portCodecIsNetworkOrder() {
        assertThat(MapCodec.port().encode(0x1f90)).containsExactly(0x1f, 0x90);
        assertThat(MapCodec.port().decode(new byte[] {0x01, (byte) 0xbb})).isEqualTo(443);
    }
}
