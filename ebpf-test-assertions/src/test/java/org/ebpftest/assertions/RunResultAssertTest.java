package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.TCP_SYN;
import static org.ebpftest.assertions.Frames.TCP_SYN_SUMMARY;

import java.nio.charset.StandardCharsets;
import org.ebpftest.packet.Packets;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.ebpftest.runtime.uapi.XdpAction;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

class RunResultAssertTest {

    /** 102 bytes: over the 100-byte threshold of {@code globals.o}, which drops it and prints {@code drop 102 on edge}. */
    static final byte[] LARGE = Packets.ethernet().ipv4().source("10.0.0.1").destination("10.0.0.2")
            .udp().sourcePort(1000).destinationPort(53).payload(new byte[60]).build();

    private static final int BPF_REDIRECT = 23;
    private static final int BPF_CLONE_REDIRECT = 13;
    private static final int BPF_TRACE_PRINTK = 6;
    private static final int BPF_KTIME_GET_NS = 5;

    private static RunResult runGlobals(byte[] frame) {
        LoadedObject object = TestObjects.globals();
        return object.run("globals", XdpInput.of(frame));
    }

    /** An XDP program that sets the IPv4 ttl of an Ethernet frame to 63 and returns XDP_TX. */
    private static RunResult runTtlRewrite(XdpInput input) {
        Program program = Program.of("ttl", new Assembler()
                .load(Size.W, Register.R2, Register.R1, 0)
                .load(Size.W, Register.R3, Register.R1, 4)
                .mov64(Register.R4, Register.R2).add64(Register.R4, 23)
                .jump(JumpOp.JGT, Register.R4, Register.R3, "out")
                .store(Size.B, Register.R2, 22, 63)
                .label("out")
                .mov64(Register.R0, 3).exit().build());
        return LinuxEmulator.builder().build().run(program, ContextType.XDP, input);
    }

    /** A tc program that prints each line, then calls bpf_redirect(ifindex, flags) and returns what it returns. */
    private static RunResult runTcRedirect(int ifindex, int flags, String... lines) {
        Assembler a = new Assembler();
        for (String line : lines) {
            byte[] b = (line + "\0").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < b.length; i++) {
                a.store(Size.B, Register.R10, -64 + i, b[i]);
            }
            a.mov64(Register.R1, Register.R10).add64(Register.R1, -64).mov64(Register.R2, b.length).call(BPF_TRACE_PRINTK);
        }
        a.mov64(Register.R1, ifindex).mov64(Register.R2, flags).call(BPF_REDIRECT).exit();
        return LinuxEmulator.builder().build().run(Program.of("redirect", a.build()), ContextType.SCHED_CLS, SkbInput.of(TCP_SYN));
    }

    private static RunResult runReturning(int r0) {
        return LinuxEmulator.builder().build().run(returning(r0), ContextType.XDP, XdpInput.of(TCP_SYN));
    }

    private static RunResult runTcReturning(int r0) {
        return LinuxEmulator.builder().build().run(returning(r0), ContextType.SCHED_CLS, SkbInput.of(TCP_SYN));
    }

    private static RunResult runGenericReturning(int r0) {
        return LinuxEmulator.builder().build().run(returning(r0), ContextType.GENERIC, new RawInput(new byte[0]));
    }

    private static Program returning(int r0) {
        return Program.of("ret", new Assembler().call(BPF_KTIME_GET_NS).mov64(Register.R0, r0).exit().build());
    }

    @Test
    void acceptsTheReturnCodeOfTheRun() {
        RunResult passed = runGlobals(TCP_SYN);

        assertThat(passed).returnsXdpPass().hasReturnCode(XdpAction.PASS).hasReturnCode(2);
        assertThat(passed, ReturnCodes.XDP).returnsXdpPass().hasReturnCode(0x1_0000_0002L);
        assertThat(runGlobals(LARGE)).returnsXdpDrop();
        assertThat(runReturning(0)).returnsXdpAborted();
        assertThat(runReturning(3)).returnsXdpTx();
        assertThat(runReturning(4)).returnsXdpRedirect().returnCode().isOneOf(XdpAction.TX, XdpAction.REDIRECT);
        assertThat(runGenericReturning(0), ReturnCodes.TC).returnsTcOk();
        assertThat(runGenericReturning(-1), ReturnCodes.TC).returnsTcUnspec().hasReturnCode(0xffffffffL);
        assertThat(runTcReturning(-1)).returnsTcUnspec().hasReturnCode(-1);
        assertThat(runTcReturning(2)).returnsTcShot();
        assertThat(runTcReturning(3)).returnsTcPipe();
        assertThat(runTcReturning(4)).returnsTcStolen();
        assertThat(runTcRedirect(3, 0), ReturnCodes.TC).returnsTcRedirect();
    }

    @Test
    void reportsAWrongReturnCodeWithTheLinesTheProgramPrinted() {
        RunResult dropped = runGlobals(LARGE);

        assertThat(Thrown.message(() -> assertThat(dropped).returnsXdpPass())).isEqualTo(""
                + "Expecting return code: XDP_PASS (2) but was: XDP_DROP (1)\n"
                + "printed with bpf_trace_printk:\n"
                + "  drop 102 on edge");
        assertThat(Thrown.message(() -> assertThat(runGlobals(TCP_SYN), ReturnCodes.XDP).hasReturnCode(1)))
                .isEqualTo("Expecting return code: XDP_DROP (1) but was: XDP_PASS (2)");
        assertThat(Thrown.message(() -> assertThat(runGenericReturning(2)).hasReturnCode(1)))
                .isEqualTo("Expecting return code: 1 but was: 2");
        assertThat(Thrown.message(() -> assertThat(runTcReturning(2)).as("tc_fw").returnsTcOk()))
                .isEqualTo("[tc_fw] \nExpecting return code: TC_ACT_OK (0) but was: TC_ACT_SHOT (2)");
    }

    @Test
    void showsOnlyTheLastPrintedLines() {
        String[] lines = new String[12];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "line " + i;
        }
        RunResult result = runTcRedirect(3, 0, lines);

        assertThat(Thrown.message(() -> assertThat(result, ReturnCodes.TC).returnsTcOk())).isEqualTo(""
                + "Expecting return code: TC_ACT_OK (0) but was: TC_ACT_REDIRECT (7)\n"
                + "printed with bpf_trace_printk (last 10 of 12):\n"
                + "  line 2\n  line 3\n  line 4\n  line 5\n  line 6\n  line 7\n  line 8\n  line 9\n  line 10\n  line 11");
    }

    @Test
    void refusesAReturnCodeOfAnotherFamily() {
        RunResult result = runGlobals(TCP_SYN);

        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(result, ReturnCodes.XDP).returnsTcOk())
                .withMessage("TC_ACT_OK (0) belongs to TC programs but this assertion checks a run of a XDP program");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(result, null))
                .withMessage("program family must not be null");
    }

    @Test
    void readsTheFamilyOfALoadedProgramFromItsContext() {
        LoadedObject object = TestObjects.globals();

        assertThat(object.contextType("globals").returnCodes()).contains(ReturnCodes.XDP);
        assertThat(ContextType.SCHED_ACT.returnCodes()).contains(ReturnCodes.TC);
        assertThat(ContextType.SOCKET_FILTER.returnCodes()).contains(ReturnCodes.SOCKET_FILTER);
        assertThat(ContextType.CGROUP_SKB.returnCodes()).contains(ReturnCodes.CGROUP_SKB);
        assertThat(ContextType.GENERIC.returnCodes()).isEmpty();
        assertThat(assertThat(runGlobals(TCP_SYN)).family()).isEqualTo(ReturnCodes.XDP);
    }

    @Test
    void readsARunForTheTypeOfProgramThatRan() {
        // given runs of an XDP, a tc and a generic program
        RunResult xdp = runGlobals(TCP_SYN);
        RunResult tc = runTcReturning(2);
        RunResult generic = runGenericReturning(2);

        // then a number is named after the program's return codes, and a generic run's stays a number
        assertThat(Thrown.message(() -> assertThat(xdp).hasReturnCode(1)))
                .isEqualTo("Expecting return code: XDP_DROP (1) but was: XDP_PASS (2)");
        assertThat(Thrown.message(() -> assertThat(tc).hasReturnCode(0)))
                .isEqualTo("Expecting return code: TC_ACT_OK (0) but was: TC_ACT_SHOT (2)");
        assertThat(Thrown.message(() -> assertThat(generic).hasReturnCode(1)))
                .isEqualTo("Expecting return code: 1 but was: 2");
        assertThat(assertThat(xdp).family()).isEqualTo(ReturnCodes.XDP);
        assertThat(assertThat(tc).family()).isEqualTo(ReturnCodes.TC);
        assertThat(assertThat(generic).family()).isNull();
        // and a return code of another family is a mistake in the test
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(xdp).returnsTcOk())
                .withMessage("TC_ACT_OK (0) belongs to TC programs but this assertion checks a run of a XDP program");
    }

    @Test
    void leavesXdpMetadataOutOfThePacketWithoutBeingToldTheFamily() {
        RunResult result = runTtlRewrite(XdpInput.of(TCP_SYN).withMetadata(new byte[] {1, 2, 3, 4}));

        assertThat(result.contextType()).isEqualTo(ContextType.XDP);
        assertThat(result.metadataLength()).isEqualTo(4);
        assertThat(result.packet()).hasSize(58);
        assertThat(result.frame()).hasSize(54);
        assertThat(result).returnsXdpTx().packet().hasLength(54).ipv4().hasTtl(63).hasDestination("10.0.0.99");
        assertThat(result).hasPacket(Frames.withByte(TCP_SYN, 22, -1));
    }

    @Test
    void navigatesIntoTheOutputPacketLeavingXdpMetadataOut() {
        RunResult result = runTtlRewrite(XdpInput.of(TCP_SYN).withMetadata(new byte[] {1, 2, 3, 4}));

        assertThat(result, ReturnCodes.XDP).returnsXdpTx()
                .packet().hasLength(54).ipv4().hasTtl(63).hasDestination("10.0.0.99");
        assertThat(result, ReturnCodes.XDP).hasPacket(Frames.withByte(TCP_SYN, 22, -1));
    }

    @Test
    void reportsAChangedPacketFieldByField() {
        RunResult result = runTtlRewrite(XdpInput.of(TCP_SYN));

        String message = Thrown.message(() -> assertThat(result, ReturnCodes.XDP).packetIsUnchanged(TCP_SYN));

        assertThat(message).startsWith("Expecting output packet to be unchanged from the input but frames differ: 1 difference"
                        + " (expected 54 bytes, actual 54 bytes)\n  offset 0x16 (22): IPv4 ttl: expected 0x40 but was 0x3f\n")
                .endsWith("output packet:\n" + TCP_SYN_SUMMARY.replace("ttl 64", "ttl 63"));
        assertThat(Thrown.headline(() -> assertThat(result).packet().ipv4().hasTtl(64)))
                .isEqualTo("Expecting IPv4 ttl of packet to be: 64 but was: 63");
    }

    @Test
    void acceptsAnUnchangedPacket() {
        assertThat(runGlobals(TCP_SYN)).packetIsUnchanged(TCP_SYN).hasPacket(TCP_SYN);
    }

    @Test
    void checksTheRedirectTargetAndItsDirection() {
        RunResult ingress = runTcRedirect(3, 1);
        RunResult egress = runTcRedirect(5, 0);

        assertThat(ingress).redirectsTo(3).redirectsToIngress().hasRedirectFlags(Redirect.F_INGRESS);
        assertThat(egress).redirectsTo(5).redirectsToEgress().hasRedirectFlags(0).clonedTo();
        assertThat(runGlobals(TCP_SYN)).hasNoRedirect();

        assertThat(Thrown.message(() -> assertThat(ingress).redirectsTo(5)))
                .isEqualTo("Expecting a redirect to ifindex 5 but was: ifindex 3 ingress (bpf_redirect, flags 0x1)");
        assertThat(Thrown.message(() -> assertThat(ingress).redirectsToEgress()))
                .isEqualTo("Expecting a redirect to egress but was: ifindex 3 ingress (bpf_redirect, flags 0x1)");
        assertThat(Thrown.message(() -> assertThat(egress).hasRedirectFlags(1)))
                .isEqualTo("Expecting redirect flags: 0x1 but was: ifindex 5 egress (bpf_redirect, flags 0x0)");
        assertThat(Thrown.message(() -> assertThat(egress).hasNoRedirect()))
                .isEqualTo("Expecting no redirect but was: ifindex 5 egress (bpf_redirect, flags 0x0)");
        assertThat(Thrown.message(() -> assertThat(runGlobals(TCP_SYN)).redirectsTo(3)))
                .isEqualTo("Expecting a redirect to ifindex 3 but the program asked for none; the program called no helper");
        assertThat(Thrown.message(() -> assertThat(runGlobals(TCP_SYN)).redirectsToIngress()))
                .isEqualTo("Expecting a redirect to ingress but the program asked for none; the program called no helper");
    }

    @Test
    void checksCopiesSentWithCloneRedirect() {
        Program program = Program.of("clone", new Assembler()
                .mov64(Register.R6, Register.R1)
                .mov64(Register.R2, 4).mov64(Register.R3, 0).call(BPF_CLONE_REDIRECT)
                .mov64(Register.R1, Register.R6).mov64(Register.R2, 6).mov64(Register.R3, 0).call(BPF_CLONE_REDIRECT)
                .mov64(Register.R0, 0).exit().build());
        LinuxEmulator linux = LinuxEmulator.builder().build();
        linux.environment().addDevice(new NetDevice(4, "eth4", new byte[6], 1500, 1))
                .addDevice(new NetDevice(6, "eth6", new byte[6], 1500, 1));
        RunResult result = linux.run(program, ContextType.SCHED_CLS, SkbInput.of(TCP_SYN));

        assertThat(result, ReturnCodes.TC).returnsTcOk().clonedTo(4, 6).hasNoRedirect();
        assertThat(Thrown.message(() -> assertThat(result).clonedTo(4)))
                .isEqualTo("Expecting copies sent with bpf_clone_redirect to ifindexes: [4] but were: [4, 6]");
    }

    @Test
    void checksPrintedLines() {
        RunResult result = runTcRedirect(3, 0, "first", "drop tcp 22");

        assertThat(result).printed("first", "drop tcp 22").printedLineContaining("tcp 22")
                .printedLines().hasSize(2).last().isEqualTo("drop tcp 22");
        assertThat(runGlobals(TCP_SYN)).printedNothing().printed();

        assertThat(Thrown.message(() -> assertThat(result).printed("first")))
                .isEqualTo("Expecting printed lines to be:\n  first\nbut were:\n  first\n  drop tcp 22");
        assertThat(Thrown.message(() -> assertThat(result).printedLineContaining("udp")))
                .isEqualTo("Expecting a printed line containing: \"udp\" but the lines were:\n  first\n  drop tcp 22");
        assertThat(Thrown.message(() -> assertThat(runGlobals(TCP_SYN)).printedLineContaining("drop")))
                .isEqualTo("Expecting a printed line containing: \"drop\" but the lines were:\n  (none)");
        assertThat(Thrown.message(() -> assertThat(result).printedNothing()))
                .isEqualTo("Expecting no printed lines but were:\n  first\n  drop tcp 22");
    }

    @Test
    void checksHelperCalls() {
        RunResult result = runTcRedirect(3, 0, "a", "b");

        assertThat(result).calledHelper("bpf_redirect").calledHelper("trace_printk")
                .calledHelperTimes("bpf_trace_printk", 2).calledHelperTimes("bpf_map_update_elem", 0)
                .neverCalledHelper("bpf_map_update_elem")
                .helperCalls("redirect").singleElement().satisfies(call -> assertThat(call.arg(1)).isEqualTo(3));

        assertThat(Thrown.message(() -> assertThat(result).calledHelper("bpf_map_update_elem")))
                .isEqualTo("Expecting a call of bpf_map_update_elem but there was none;"
                        + " helpers called: [bpf_trace_printk x2, bpf_redirect]");
        assertThat(Thrown.message(() -> assertThat(result).calledHelperTimes("bpf_trace_printk", 1)))
                .isEqualTo("Expecting 1 call of bpf_trace_printk but there were 2; helpers called: [bpf_trace_printk x2, bpf_redirect]");
        assertThat(Thrown.message(() -> assertThat(result).neverCalledHelper("bpf_redirect")))
                .isEqualTo("Expecting no call of bpf_redirect but there was 1: bpf_redirect(0x3, 0x0, 0x0, 0x0, 0x0) = 7");
    }

    @Test
    void refusesUnknownHelperNames() {
        RunResult result = runGlobals(TCP_SYN);

        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(result).calledHelper("bpf_no_such_helper"))
                .withMessage("no helper is named \"bpf_no_such_helper\"");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(result).calledHelperTimes("bpf_redirect", -1))
                .withMessage("times must be between 0 and 2147483647 but was -1");
    }

    @Test
    void checksTheInstructionCount() {
        RunResult result = runReturning(2);

        assertThat(result).executedAtMost(3).executedAtMost(100);
        assertThat(Thrown.message(() -> assertThat(result).executedAtMost(2)))
                .isEqualTo("Expecting at most 2 instructions to be executed but 3 were");
    }
}
