package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.Test;

/** The first example of JUNIT.md, word for word: keep them in step. */
@BpfObject("maps.o")
public class FlowCountTest {
    public record FlowKey(int saddr, int daddr, short sport, short dport) {}
    public record Counters(long pkts, long bytes) {}

    @ObjectProgram("count") BpfProgram count;
    @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;

    @Test
    void secondFrameOfAFlowIsCounted() {
        count.run(new byte[64]);                   // creates the flow
        RunResult r = count.run(new byte[64]);     // counts it
        assertThat(r.retval()).isEqualTo(2);       // XDP_PASS
        assertThat(flows.get(new FlowKey(0, 0, (short) 1, (short) 0))).contains(new Counters(1, 64));
    }
}
