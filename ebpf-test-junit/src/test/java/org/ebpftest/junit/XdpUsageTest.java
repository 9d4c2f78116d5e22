package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.Test;

/**
 * The extension as a test author uses it: XDP programs of two objects from the test resources, run
 * on frames, their return values and a map checked. programs.c and maps.c sit next to the objects.
 */
@BpfObject("programs.o")
@BpfObject("maps.o")
class XdpUsageTest {
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    @ObjectProgram(value = "xdp_len", object = "programs.o")
    BpfProgram xdpLen;

    @ObjectProgram(value = "count", object = "maps.o")
    BpfProgram count;

    @ObjectMap(value = "flows", object = "maps.o")
    TypedMap<FlowKey, Counters> flows;

    @Test
    void xdpLenPassesAFrameOf64Bytes() {
        RunResult result = xdpLen.run(new byte[64]);

        assertThat(result.retval()).isEqualTo(XDP_PASS);
    }

    @Test
    void xdpLenDropsAFrameOf100Bytes() {
        // xdp_len drops when len + 1 > 100
        RunResult result = xdpLen.run(new byte[100]);

        assertThat(result.retval()).isEqualTo(XDP_DROP);
    }

    @Test
    void countCreatesTheFlowOnTheFirstFrameAndCountsTheSecond() {
        // given a test of its own, the flows map starts empty
        assertThat(flows.size()).isZero();

        // when two frames of 64 bytes go through count
        RunResult first = count.run(new byte[64]);
        RunResult second = count.run(new byte[64]);

        // then the first creates the flow with zero counters, the second counts itself and tail-calls tail_a
        FlowKey key = new FlowKey(0, 0, (short) 1, (short) 0);
        assertThat(first.retval()).isEqualTo(XDP_PASS);
        assertThat(second.retval()).isEqualTo(XDP_PASS);
        assertThat(flows.entries()).containsExactly(Map.entry(key, new Counters(1, 64)));
    }
}
