package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.Test;

class ContextTypeTest {

    @Test
    void readsTheFamilyOfAContextFromItsProgramType() {
        assertThat(ContextType.XDP.returnCodes()).contains(ReturnCodes.XDP);
        assertThat(ContextType.SCHED_ACT.returnCodes()).contains(ReturnCodes.TC);
        assertThat(ContextType.SOCKET_FILTER.returnCodes()).contains(ReturnCodes.SOCKET_FILTER);
        assertThat(ContextType.CGROUP_SKB.returnCodes()).contains(ReturnCodes.CGROUP_SKB);
        assertThat(ContextType.GENERIC.returnCodes()).isEmpty();
    }

    @Test
    void leavesTheKernelNumberAndNameToItsProgramType() {
        assertThat(ContextType.XDP.programType()).contains(ProgramType.XDP);
        assertThat(ContextType.CGROUP_SKB.programType().map(ProgramType::id)).contains(8);
        assertThat(ContextType.GENERIC.programType()).isEmpty();
        assertThat(ContextType.of(ProgramType.SCHED_CLS)).isEqualTo(ContextType.SCHED_CLS);
        assertThat(ContextType.of(ProgramType.KPROBE)).isEqualTo(ContextType.GENERIC);
        assertThat(ContextType.SCHED_CLS.bpftoolName()).isEqualTo("sched_cls").isEqualTo(ProgramType.SCHED_CLS.bpftoolName());
        assertThat(ContextType.GENERIC.bpftoolName()).isEqualTo("generic");
        assertThat(ProgramType.RAW_TRACEPOINT.bpftoolName()).isEqualTo("raw_tracepoint");
    }
}
