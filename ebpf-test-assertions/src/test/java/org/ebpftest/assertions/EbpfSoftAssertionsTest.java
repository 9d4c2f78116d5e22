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
import org.ebpftest.assertions.packet.Ethernet;
import org.ebpftest.assertions.packet.Packet;
import org.ebpftest.assertions.packet.TcpFlag;
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

        softly.assertThatReturnCode(1, ProgramFamily.XDP).isXdpTx();
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
            softly.assertThatReturnCode(2, ProgramFamily.TC).isTcOk();
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
}
