package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatReturnCode;

import org.ebpftest.runtime.uapi.CgroupSkbVerdict;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.ebpftest.runtime.uapi.TcAction;
import org.ebpftest.runtime.uapi.XdpAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnCodeAssertTest {

    @ParameterizedTest(name = "{0}: {1} reads as {2}")
    @CsvSource(delimiter = '|', value = {
        "XDP           | 0          | XDP_ABORTED (0)",
        "XDP           | 1          | XDP_DROP (1)",
        "XDP           | 2          | XDP_PASS (2)",
        "XDP           | 3          | XDP_TX (3)",
        "XDP           | 4          | XDP_REDIRECT (4)",
        "XDP           | 7          | unknown XDP return code (7)",
        "XDP           | 4294967297 | XDP_DROP (1)",
        "TC            | -1         | TC_ACT_UNSPEC (-1)",
        "TC            | 4294967295 | TC_ACT_UNSPEC (-1)",
        "TC            | 0          | TC_ACT_OK (0)",
        "TC            | 1          | TC_ACT_RECLASSIFY (1)",
        "TC            | 2          | TC_ACT_SHOT (2)",
        "TC            | 3          | TC_ACT_PIPE (3)",
        "TC            | 4          | TC_ACT_STOLEN (4)",
        "TC            | 5          | TC_ACT_QUEUED (5)",
        "TC            | 6          | TC_ACT_REPEAT (6)",
        "TC            | 7          | TC_ACT_REDIRECT (7)",
        "TC            | 8          | TC_ACT_TRAP (8)",
        "SOCKET_FILTER | 0          | drop (0)",
        "SOCKET_FILTER | 64         | keep 64 bytes (64)",
        "CGROUP_SKB    | 0          | drop (0)",
        "CGROUP_SKB    | 1          | allow (1)",
        "CGROUP_SKB    | 3          | allow and notify congestion (3)",
    })
    void namesReturnCodesAsTheKernelReadsThem(ReturnCodes family, long r0, String described) {
        assertThat(family.describe(r0)).isEqualTo(described);
    }

    @Test
    void acceptsTheExpectedReturnCode() {
        assertThatReturnCode(2, ReturnCodes.XDP).isXdpPass().isEqualTo(XdpAction.PASS).isEqualTo(2)
                .isNotEqualTo(XdpAction.DROP).isOneOf(XdpAction.TX, XdpAction.PASS);
        assertThatReturnCode(0xffffffffL, ReturnCodes.TC).isTcUnspec().isEqualTo(-1).isEqualTo((Object) TcAction.UNSPEC);
        assertThatReturnCode(1, ReturnCodes.CGROUP_SKB).isEqualTo(CgroupSkbVerdict.ALLOW);
        assertThatReturnCode(60, ReturnCodes.SOCKET_FILTER).isEqualTo(60);
        assertThatReturnCode(0, ReturnCodes.XDP).isXdpAborted();
        assertThatReturnCode(1, ReturnCodes.XDP).isXdpDrop();
        assertThatReturnCode(3, ReturnCodes.XDP).isXdpTx();
        assertThatReturnCode(4, ReturnCodes.XDP).isXdpRedirect();
        assertThatReturnCode(0, ReturnCodes.TC).isTcOk();
        assertThatReturnCode(2, ReturnCodes.TC).isTcShot();
        assertThatReturnCode(3, ReturnCodes.TC).isTcPipe();
        assertThatReturnCode(4, ReturnCodes.TC).isTcStolen();
        assertThatReturnCode(7, ReturnCodes.TC).isTcRedirect();
    }

    @Test
    void namesBothReturnCodesWhenTheyDiffer() {
        assertThatThrownBy(() -> assertThatReturnCode(1, ReturnCodes.XDP).isXdpPass())
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting return code: XDP_PASS (2) but was: XDP_DROP (1)");
        assertThat(Thrown.message(() -> assertThatReturnCode(2, ReturnCodes.TC).isEqualTo(TcAction.OK)))
                .isEqualTo("Expecting return code: TC_ACT_OK (0) but was: TC_ACT_SHOT (2)");
        assertThat(Thrown.message(() -> assertThatReturnCode(9, ReturnCodes.XDP).isEqualTo(3)))
                .isEqualTo("Expecting return code: XDP_TX (3) but was: unknown XDP return code (9)");
        assertThat(Thrown.message(() -> assertThatReturnCode(0, ReturnCodes.SOCKET_FILTER).isEqualTo(64)))
                .isEqualTo("Expecting return code: keep 64 bytes (64) but was: drop (0)");
    }

    @Test
    void reportsTheOtherChecksWithSymbolicNames() {
        assertThat(Thrown.message(() -> assertThatReturnCode(1, ReturnCodes.XDP).isNotEqualTo(XdpAction.DROP)))
                .isEqualTo("Expecting return code not to be: XDP_DROP (1) but it was");
        assertThat(Thrown.message(() -> assertThatReturnCode(0, ReturnCodes.XDP).isOneOf(XdpAction.PASS, XdpAction.TX)))
                .isEqualTo("Expecting return code to be one of: [XDP_PASS (2), XDP_TX (3)] but was: XDP_ABORTED (0)");
        assertThat(Thrown.message(() -> assertThatReturnCode(0, ReturnCodes.TC).isTcShot()))
                .isEqualTo("Expecting return code: TC_ACT_SHOT (2) but was: TC_ACT_OK (0)");
        assertThat(Thrown.message(() -> assertThatReturnCode(0, ReturnCodes.TC).as("egress").isTcRedirect()))
                .isEqualTo("[egress] \nExpecting return code: TC_ACT_REDIRECT (7) but was: TC_ACT_OK (0)");
    }

    @Test
    void rejectsAReturnCodeOfAnotherFamily() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatReturnCode(2, ReturnCodes.XDP).isEqualTo(TcAction.SHOT))
                .withMessage("TC_ACT_SHOT (2) belongs to TC programs but this assertion checks the return code of XDP programs");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatReturnCode(2, ReturnCodes.TC).isXdpPass())
                .withMessage("XDP_PASS (2) belongs to XDP programs but this assertion checks the return code of TC programs");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatReturnCode(2, ReturnCodes.XDP).isOneOf())
                .withMessage("expected return codes must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatReturnCode(2, null))
                .withMessage("program family must not be null");
    }

    @Test
    void lendsTheExpectedFamilyToAReturnCodeWithoutOne() {
        ReturnCodeAssert plain = new ReturnCodeAssert(1L);

        plain.isEqualTo(1).isEqualTo(XdpAction.DROP);
        assertThat(Thrown.message(() -> plain.isEqualTo(XdpAction.PASS)))
                .isEqualTo("Expecting return code: XDP_PASS (2) but was: XDP_DROP (1)");
        assertThat(Thrown.message(() -> plain.isEqualTo(2))).isEqualTo("Expecting return code: 2 but was: 1");
    }
}
