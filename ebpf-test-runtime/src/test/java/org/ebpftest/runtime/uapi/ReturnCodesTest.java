package org.ebpftest.runtime.uapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.elf.ProgramType;
import org.junit.jupiter.api.Test;

class ReturnCodesTest {

    @Test
    void readsTheFamilyOfAProgramType() {
        assertThat(ProgramType.XDP.returnCodes()).contains(ReturnCodes.XDP);
        assertThat(ProgramType.SCHED_ACT.returnCodes()).contains(ReturnCodes.TC);
        assertThat(ProgramType.SK_SKB.returnCodes()).contains(ReturnCodes.SK);
        assertThat(ProgramType.KPROBE.returnCodes()).isEmpty();
    }

    @Test
    void findsAReturnCodeByTheNameItsKernelHeaderGivesIt() {
        assertThat(ReturnCodes.byKernelName("XDP_PASS")).contains(XdpAction.PASS);
        assertThat(ReturnCodes.byKernelName("TC_ACT_UNSPEC")).contains(TcAction.UNSPEC);
        assertThat(ReturnCodes.byKernelName("SK_PASS")).contains(SkAction.PASS);
        assertThat(ReturnCodes.byKernelName("allow")).isEmpty();
        assertThat(ReturnCodes.byKernelName("XDP_BOUNCE")).isEmpty();
    }

    @Test
    void readsTcReturnValuesAsSignedAndOthersAsUnsigned() {
        assertThat(ReturnCodes.TC.returnCode(0xffffffffL)).contains(TcAction.UNSPEC);
        assertThat(ReturnCodes.XDP.value(0xffffffffL)).isEqualTo(0xffffffffL);
        assertThat(ReturnCodes.XDP.describe(7)).isEqualTo("unknown XDP return code (7)");
        assertThat(ReturnCodes.SOCKET_FILTER.describe(64)).isEqualTo("keep 64 bytes (64)");
    }

    @Test
    void namesOnlyTheValuesTheKernelHeadersName() {
        assertThat(ReturnCodes.TC.kernelName(2)).contains("TC_ACT_SHOT");
        assertThat(ReturnCodes.SK.kernelName(0)).contains("SK_DROP");
        assertThat(ReturnCodes.CGROUP_SKB.kernelName(1)).isEmpty();
        assertThat(ReturnCodes.XDP.kernelName(5)).isEmpty();
        assertThat(CgroupSkbVerdict.ALLOW.describe()).isEqualTo("allow (1)");
    }

    @Test
    void namesErrnosForMessages() {
        assertThat(Errno.name(-Errno.EEXIST)).isEqualTo("EEXIST");
        assertThat(Errno.name(0)).isEqualTo("OK");
        assertThat(Errno.name(4)).isEqualTo("errno 4");
        assertThat(Errno.symbol(Errno.ENOTSUPP)).contains("ENOTSUPP");
        assertThat(Errno.symbol(-3)).isEmpty();
    }
}
