package org.ebpftest.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/** Running programs of real objects on each type of context. */
class ContextRunTest {
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final long KERNEL_ADDRESS = 0xffff888000001000L;

    @Test
    void xdpMdContextsRunThroughTheXdpPath() {
        LoadedObject programs = Resources.object("programs.o");
        List<BpfContext> contexts = Resources.contexts("xdp_md.json");

        RunResult short_ = contexts.get(0).runOn(programs, "xdp_len");
        RunResult long_ = contexts.get(1).runOn(programs, "xdp_len");

        // xdp_len drops frames whose length plus one exceeds 100
        assertThat(short_.retval()).isEqualTo(XDP_PASS);
        assertThat(short_.packet()).isEqualTo(((XdpMdContext) contexts.get(0)).packet());
        assertThat(long_.retval()).isEqualTo(XDP_DROP);
    }

    @Test
    void anXdpProgramGivesTheSameResultOnAGenericXdpMdStructAsOnTheXdpPath() {
        LoadedObject programs = Resources.object("programs.o");

        // the generic contexts spell out xdp_md as a struct of 32-bit pointers into the packet block, as edb captures it
        for (String frame : List.of("tcp frame", "long frame")) {
            int viaXdp = Resources.context("xdp_md.json", frame).runOn(programs, "xdp_len").retval();
            int viaGeneric = Resources.context("generic_xdp.json", frame + " as generic").runOn(programs, "xdp_len").retval();
            assertThat(viaGeneric).as(frame).isEqualTo(viaXdp);
        }
    }

    @Test
    void sixtyFourBitPointerFieldsOfAGenericStructTakeFourBytesAsMimicLaysThemOut() {
        // given the generic xdp_md of an edb capture with its pointers declared 64 bits wide
        LoadedObject programs = Resources.object("programs.o");
        String json = new String(Resources.bytes("contexts/generic_xdp.json"), StandardCharsets.UTF_8)
                .replaceAll("(?<ptr>\"offset\": \\d+,\\s*\"size\": )32", "${ptr}64");
        BpfContext wide = Contexts.parse("wide.json", json).stream().filter(c -> c.name().equals("long frame as generic")).findFirst().orElseThrow();

        RunResult r = wide.runOn(programs, "xdp_len");

        assertThat(json).contains("\"size\": 64").contains("\"size\": 32");
        // then data and data_end are still the u32 fields at 0 and 4 of a 24-byte xdp_md, and xdp_len sees the same frame
        assertThat(r.finalContext()).hasSize(24);
        assertThat(r.contextField(4) - r.contextField(0)).isEqualTo(120);
        assertThat(r.retval()).isEqualTo(XDP_DROP);
    }

    @Test
    void aGenericRunReturnsTheMemoryR1PointsToAsTheFinalContext() {
        LoadedObject programs = Resources.object("programs.o");

        RunResult r = Resources.context("generic_xdp.json", "long frame as generic").runOn(programs, "xdp_len");

        // xdp_md (24 bytes) comes first, at the context address; the packet block follows in the next 1 MiB slot
        assertThat(r.finalContext()).hasSize(24);
        assertThat(r.contextField(0)).isEqualTo(0x0210_0000);
        assertThat(r.contextField(4)).isEqualTo(0x0210_0000 + 120);
        assertThat(r.contextField(12)).isEqualTo(1);
    }

    @Test
    void skBuffContextsRunThroughTheSocketBufferPath() {
        LoadedObject programs = Resources.object("programs.o");

        RunResult r = Resources.contexts("sk_buff.json").get(0).runOn(programs, "tc_mark");

        // tc_mark sets mark to len + 1
        assertThat(r.retval()).isZero();
        assertThat(r.contextField(8)).isEqualTo(91);
    }

    @Test
    void aKprobeRunsOnAGenericContextWithTheEmulatorsHelpers() {
        LoadedObject replay = Resources.object("replay.o");
        replay.environment().provideKernelMemory(KERNEL_ADDRESS, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        RunResult r = Resources.contexts("kprobe.json").get(0).runOn(replay, "kprobe_sleep");

        assertThat(r.retval()).isEqualTo(1);
        assertThat(Event.of(replay)).isEqualTo(new Event(1_000_000_000_000L, 1_000_000_000_000L, 4242L << 32 | 4242, 42, "ebpf-test",
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void aKprobeSeesAFailedKernelReadWhenNoKernelMemoryIsProvided() {
        LoadedObject replay = Resources.object("replay.o");

        RunResult r = Resources.contexts("kprobe.json").get(0).runOn(replay, "kprobe_sleep");

        assertThat(r.retval()).isEqualTo(2);
    }

    @Test
    void aHelperNeitherEmulatedNorReplayedIsNamed() {
        LoadedObject replay = Resources.object("replay.o");

        assertThatThrownBy(() -> Resources.contexts("kprobe.json").get(0).runOn(replay, "kprobe_task"))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.UNSUPPORTED))
                .hasMessageStartingWith("helper 80 (bpf_get_current_cgroup_id) is not emulated; provide it with LinuxEnvironment.override at pc 0");
    }

    @Test
    void memoryFaultsNameTheBlock() {
        LoadedObject replay = Resources.object("replay.o");
        GenericContext full = (GenericContext) Resources.contexts("kprobe.json").get(0);
        GenericContext.Block regs = (GenericContext.Block) full.memory().get(0);
        byte[] cut = java.util.Arrays.copyOf(regs.value(), 100);
        GenericContext shortRegs = new GenericContext("short regs", "test", full.registers(),
                List.of(new GenericContext.Block("pt_regs", cut, regs.byteOrder())));

        assertThatThrownBy(() -> shortRegs.runOn(replay, "kprobe_sleep"))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("out-of-bounds load of 8 bytes at 0x2000070 (pt_regs + 112, pt_regs is 100 bytes)")
                .hasMessageContaining("in kprobe_sleep");
    }

    @Test
    void aGenericContextRunsAfterARawGenericRunAndLeavesNoRegionBehind() {
        LoadedObject programs = Resources.object("programs.o");
        BpfContext generic = Resources.context("generic_xdp.json", "tcp frame as generic");

        programs.run("xdp_len", new RawInput(new byte[3 << 20]));    // a 3 MiB raw context fills three slots of the context area
        RunResult r = generic.runOn(programs, "xdp_len");

        assertThat(r.retval()).isEqualTo(XDP_PASS);
        // a later raw run that faults lists the regions mapped: the context's packet block (second slot) is gone
        assertThatThrownBy(() -> programs.run("xdp_len", new RawInput(new byte[2])))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("context is 2 bytes")
                .hasMessageNotContaining("pkt");
    }

    @Test
    void contextsOfTheWrongTypeAreRefusedWithTheProgramAndItsContext() {
        LoadedObject programs = Resources.object("programs.o");
        LoadedObject replay = Resources.object("replay.o");
        BpfContext xdp = Resources.contexts("xdp_md.json").get(0);
        BpfContext skb = Resources.contexts("sk_buff.json").get(0);

        assertThatThrownBy(() -> xdp.runOn(programs, "tc_mark")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xdp_md context [tcp frame] in [contexts/xdp_md.json] cannot run program [tc_mark] of [programs.o]: the program "
                        + "(section \"tc\", typed by libbpf SEC(\"tc\")) runs on __sk_buff, and xdp_md contexts are for XDP programs; a generic context runs on any program");
        assertThatThrownBy(() -> skb.runOn(programs, "xdp_len"))
                .hasMessage("sk_buff context [tcp frame on tc] in [contexts/sk_buff.json] cannot run program [xdp_len] of [programs.o]: the program "
                        + "(section \"xdp\", typed by libbpf SEC(\"xdp\")) runs on xdp_md, and sk_buff contexts are for tc, socket-filter and cgroup-skb programs; "
                        + "a generic context runs on any program");
        assertThatThrownBy(() -> xdp.runOn(replay, "kprobe_sleep"))
                .hasMessageContaining("the program (section \"kprobe/do_nanosleep\", typed by libbpf SEC(\"kprobe+\")) runs on raw context memory, and xdp_md contexts are for XDP programs");
        assertThatThrownBy(() -> xdp.runOn(programs, "nope"))
                .hasMessage("no program named \"nope\" in programs.o; programs: [xdp_len, xdp_twice, tc_mark, socket_all]");
    }

    @Test
    void xdpMdFieldsTestRunCannotTakeAreRefused() {
        LoadedObject programs = Resources.object("programs.o");
        XdpMdContext x = (XdpMdContext) Resources.contexts("xdp_md.json").get(0);
        XdpMdContext headroom = new XdpMdContext("roomy", "test", x.packet(), 64, 0, 0, 0, 0);
        XdpMdContext egress = new XdpMdContext("egress", "test", x.packet(), 0, 0, 0, 0, 3);

        assertThatThrownBy(() -> headroom.runOn(programs, "xdp_len"))
                .hasMessage("xdp_md context [roomy] in [test] asks for 64 bytes of headroom and 0 of tailroom; runs lay frames out as "
                        + "BPF_PROG_TEST_RUN does (256 bytes of headroom, the rest of the page as tailroom), so leave both at 0");
        assertThatThrownBy(() -> egress.runOn(programs, "xdp_len"))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(22))
                .hasMessageContaining("egress_ifindex 3 is not accepted in ctx_in");
    }

    @Test
    void xdpMdIngressInterfaceAndQueueReachTheProgram() {
        LoadedObject programs = Resources.object("programs.o");
        programs.environment().addDevice(new NetDevice(3, "eth0", new byte[6], 1500, 4));
        XdpMdContext x = (XdpMdContext) Resources.contexts("xdp_md.json").get(0);

        // xdp_twice passes when twice (ingress_ifindex + 1) exceeds 4
        assertThat(new XdpMdContext("lo", "test", x.packet(), 0, 0, 0, 0, 0).runOn(programs, "xdp_twice").retval()).isZero();
        RunResult onEth0 = new XdpMdContext("eth0", "test", x.packet(), 0, 0, 3, 2, 0).runOn(programs, "xdp_twice");
        assertThat(onEth0.retval()).isEqualTo(XDP_PASS);
        assertThat(onEth0.contextField(12)).isEqualTo(3);
        assertThat(onEth0.contextField(16)).isEqualTo(2);
    }

    @Test
    void skBuffContextsWithASocketOrFlowKeysAreRefused() {
        LoadedObject programs = Resources.object("programs.o");
        SkBuffContext s = (SkBuffContext) Resources.contexts("sk_buff.json").get(0);
        SkBuffContext withSock = new SkBuffContext("sock", "test", s.packet(), 0, Optional.of(Map.of("family", 2L)), Optional.empty());

        assertThatThrownBy(() -> withSock.runOn(programs, "tc_mark"))
                .hasMessage("sk_buff context [sock] in [test] gives a socket (sock), which the emulator does not read from a context file"
                        + " (__sk_buff.sk is test_run's own socket; in Java, SkbInput.withSocket names one); "
                        + "remove it or set it to null");
    }

    @Test
    void genericLayoutPutsR1sMemoryFirstAndResolvesPointersIntsAndStructs() {
        String json = """
                {"type": "generic", "ctx": {
                  "registers": {"r1": "args", "r2": "count", "r3": "tail", "r4": ""},
                  "memory": [
                    {"name": "buf", "type": "block", "value": {"value": "AQIDBA==", "byteorder": "le"}},
                    {"name": "tail", "type": "ptr", "value": {"memory": "buf", "offset": 3, "size": 64}},
                    {"name": "head", "type": "ptr", "value": {"memory": "buf", "offset": 0}},
                    {"name": "count", "type": "int", "value": {"value": -2, "size": 16}},
                    {"name": "args", "type": "struct", "value": [
                      {"name": "tail", "memory": "tail"}, {"name": "head", "memory": "head"}, {"name": "count", "memory": "count"}]}
                  ]}}""";
        GenericContext g = (GenericContext) Contexts.parse("layout.json", json).get(0);

        GenericLayout.Layout layout = GenericLayout.lay(g);

        assertThat(layout.blocks()).extracting(b -> b.name() + "@" + Long.toHexString(b.address())).containsExactly("args@2000000", "buf@2100000");
        assertThat(layout.registers()).containsExactly(0x0200_0000L, -2L, 0x0210_0003L, 0, 0);
        // tail and head as 4 bytes each (mimic writes every pointer field as a u32), count as 2, little-endian
        assertThat(layout.blocks().get(0).bytes()).containsExactly(
                0x03, 0x00, 0x10, 0x02,
                0x00, 0x00, 0x10, 0x02,
                0xfe, 0xff);
        assertThat(layout.blocks().get(1).bytes()).containsExactly(1, 2, 3, 4);
        assertThat(LinuxEmulator.CONTEXT_MEMORY_END - LinuxEmulator.CONTEXT_MEMORY_START).isEqualTo(32 << 20);
    }
}
