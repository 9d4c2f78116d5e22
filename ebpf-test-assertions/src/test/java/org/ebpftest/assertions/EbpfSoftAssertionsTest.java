package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.TCP_SYN;
import static org.ebpftest.assertions.Frames.TCP_SYN_SUMMARY;

import java.util.List;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.ebpftest.packet.Ethernet;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftAssertionsExtension.class)
class EbpfSoftAssertionsTest {

    @InjectSoftAssertions
    private EbpfSoftAssertions injected;

    private static List<String> messages(EbpfSoftAssertions softly) {
        return softly.errorsCollected().stream().map(e -> e.getMessage().substring(1).split("\n")[0]).toList();
    }

    @Test
    void collectsEveryFailureAlongAChainOfHeaders() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();

        softly.assertThatFrame(TCP_SYN).hasLength(60).hasLayers(Ethernet.class)
                .ipv4().hasTtl(63).hasDestination("10.0.0.2")
                .and().tcp().hasFlags(TcpFlag.SYN, TcpFlag.ACK).hasDestinationPort(80);

        assertThat(messages(softly)).containsExactly(
                "Expecting length of packet to be: 60 but was: 54",
                "Expecting layers of packet to be: [Ethernet] but were: [Ethernet, Ipv4, Tcp]",
                "Expecting IPv4 ttl of packet to be: 63 but was: 64",
                "Expecting IPv4 destination of packet to be: 10.0.0.2 but was: 10.0.0.99",
                "Expecting TCP flags of packet to be: [SYN, ACK] but was: [SYN]");
    }

    @Test
    void reportsAMissingHeaderOnceAndSkipsItsChecks() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();

        softly.assertThatFrame(TCP_SYN).udp().hasSourcePort(1).hasDestinationPort(2)
                .and().ipv4().hasTtl(1);

        assertThat(messages(softly)).containsExactly(
                "Expecting packet to have a Udp layer but its layers were: [Ethernet, Ipv4, Tcp]",
                "Expecting IPv4 ttl of packet to be: 1 but was: 64");
    }

    @Test
    void collectsReturnCodesPayloadsAndAssertJsOwnAssertionsTogether() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();

        softly.assertThatReturnCode(1, ReturnCodes.XDP).isXdpTx();
        softly.assertThat(Packet.parse(TCP_SYN)).payload().hasSize(1);
        softly.assertThatDatagram(new byte[0]).hasLength(1);
        softly.assertThat("drops").isEqualTo("passes");

        assertThat(softly.errorsCollected()).hasSize(4);
        assertThat(messages(softly).get(0)).isEqualTo("Expecting return code: XDP_TX (3) but was: XDP_DROP (1)");
    }

    @Test
    void stillThrowsOnInvalidArguments() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();

        assertThatIllegalArgumentException().isThrownBy(() -> softly.assertThatFrame(TCP_SYN).ipv4().hasSource("not-an-ip"));
        assertThat(softly.errorsCollected()).isEmpty();
    }

    @Test
    void assertSoftlyReportsAllFailuresAtTheEnd() {
        assertThatThrownBy(() -> EbpfSoftAssertions.assertSoftly(softly -> {
            softly.assertThatFrame(TCP_SYN).ipv4().hasTtl(63);
            softly.assertThatReturnCode(2, ReturnCodes.TC).isTcOk();
        }))
                .isInstanceOf(AssertJMultipleFailuresError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("-- failure 1 --\nExpecting IPv4 ttl of packet to be: 63 but was: 64\npacket:\n"
                        + TCP_SYN_SUMMARY + "\nat EbpfSoftAssertionsTest.")
                .hasMessageContaining("-- failure 2 --\nExpecting return code: TC_ACT_OK (0) but was: TC_ACT_SHOT (2)\n"
                        + "at EbpfSoftAssertionsTest.");
    }

    @Test
    void isInjectedByAssertjsJunitExtension() {
        injected.assertThatFrame(TCP_SYN).ipv4().hasTtl(64).and().tcp().hasDestinationPort(80);

        assertThat(injected.errorsCollected()).isEmpty();
    }

    @Test
    void collectsRunResultFailuresAndThoseOfItsPacket() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();
        RunResult result = TestObjects.globals().run("globals", XdpInput.of(TCP_SYN));

        softly.assertThat(result, ReturnCodes.XDP).returnsXdpDrop().calledHelper("bpf_redirect").printed("x")
                .packet().ipv4().hasTtl(1).and().udp().hasSourcePort(1);
        softly.assertThat(result).returnCode().isXdpTx();
        softly.assertThat(result).printedLines().hasSize(1);

        assertThat(messages(softly)).containsExactly(
                "Expecting return code: XDP_DROP (1) but was: XDP_PASS (2)",
                "Expecting a call of bpf_redirect but there was none; the program called no helper",
                "Expecting printed lines to be:",
                "Expecting IPv4 ttl of packet to be: 1 but was: 64",
                "Expecting packet to have a Udp layer but its layers were: [Ethernet, Ipv4, Tcp]",
                "Expecting return code: XDP_TX (3) but was: XDP_PASS (2)",
                // AssertJ's own messages start with the description, whose "[" messages() cuts off
                "lines printed with bpf_trace_printk] ");
    }

    @Test
    void collectsMapFailuresAndThoseOfTheAssertionsReachedFromAMap() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();
        LoadedObject object = TestObjects.maps();
        object.run("count", XdpInput.of(TCP_SYN));
        BpfMap flows = object.map("flows");
        MapSnapshot before = MapSnapshot.of(flows);
        object.run("count", XdpInput.of(TCP_SYN));

        softly.assertThat(flows, object).hasSize(2)
                .value(BpfMapAssertTest.COUNTED, BpfMapAssertTest.FLOW_KEY).hasField("pkts", 2).field("bytes").isEqualTo(1);
        softly.assertThat(flows).perCpuValues(new byte[12], MapCodec.bytes(16)).isEmpty();
        softly.assertThat(flows).changedSince(before).hasNoChanges();
        softly.assertThatRecords(object.map("events")).hasRecordCount(2).records().hasSize(3);
        softly.assertThat(object.map("sizes")).sumOfPerCpuValues(0, MapCodec.int32(), MapCodec.int64()).isEqualTo(5L);

        assertThat(messages(softly)).containsExactly(
                "Expecting map \"flows\" to have 2 entries but had 1:",
                "Expecting field pkts of value of key={saddr=0, daddr=0, sport=1, dport=0} in map \"flows\" to be: 2 but was: 1",
                "field bytes of value of key={saddr=0, daddr=0, sport=1, dport=0} in map \"flows\"] ",
                "Expecting map \"flows\" to contain key=000000000000000000000000 but it does not; its 1 entry:",
                // AssertJ's list assertion cannot skip its checks: on the missing key's null values it reports again
                "per-CPU values of key=000000000000000000000000 in map \"flows\"] ",
                "Expecting map \"flows\" to be unchanged since the snapshot but it changed:",
                "Expecting ring buffer \"events\" to hold 2 records but it held 1:",
                "records of ring buffer \"events\"] ",
                "sum of per-CPU values of key=00000000 in map \"sizes\"] ");
    }
}
