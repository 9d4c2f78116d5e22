package org.ebpftest.runtime.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.XdpAction;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.Test;

/**
 * The debugger on debuggee.c: a program that measures the frame, classifies it in a bpf-to-bpf
 * call, counts it in a map through {@code bpf_map_lookup_elem} and drops frames longer than 100
 * bytes. Lines are found by their text, so the C file can change without breaking the tests.
 */
class DebugSessionTest {
    private static final byte[] OBJECT = resource("/debug/debuggee.o");
    private static final List<String> SOURCE = new String(resource("/debug/debuggee.c"), StandardCharsets.UTF_8).lines().toList();

    private final LoadedObject object = LoadedObject.load(ObjectSpec.parse("debuggee.o", OBJECT));

    @Test
    void startsPausedBeforeTheFirstInstructionWithTheContextInR1() {
        try (DebugSession s = session(120)) {
            Stop stop = s.lastStop();

            assertThat(stop.reason()).isEqualTo(StopReason.ENTRY);
            assertThat(stop.pc()).isZero();
            assertThat(stop.lineNumber()).isEqualTo(lineOf("void *data = "));
            assertThat(s.register(1)).isEqualTo(Vm.CONTEXT_ADDRESS);
        }
    }

    @Test
    void stopsWhereTheRunEntersALineWithABreakpoint() {
        try (DebugSession s = session(120)) {
            Breakpoint b = s.breakAt("debuggee.c", lineOf("if (key == 2)"));

            Stop stop = s.resume();

            assertThat(stop.reason()).isEqualTo(StopReason.BREAKPOINT);
            assertThat(stop.breakpoint()).isEqualTo(b);
            assertThat(stop.lineNumber()).isEqualTo(lineOf("if (key == 2)"));
            assertThat(s.resume().reason()).isEqualTo(StopReason.FINISHED);
        }
    }

    @Test
    void movesABreakpointOnALineWithoutCodeToTheNextLineWithCode() {
        try (DebugSession s = session(120)) {
            int blank = lineOf("__u64 *count = ") + 1;

            Breakpoint.AtLine b = (Breakpoint.AtLine) s.breakAt("/some/dir/debuggee.c", blank);

            assertThat(b.requestedLine()).isEqualTo(blank);
            assertThat(b.line()).isEqualTo(lineOf("if (count)"));
            assertThat(s.resume().lineNumber()).isEqualTo(lineOf("if (count)"));
        }
    }

    @Test
    void refusesABreakpointInAFileWithoutCode() {
        try (DebugSession s = session(120)) {
            assertThatThrownBy(() -> s.breakAt("other.c", 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("other.c").hasMessageContaining("debuggee.c");
        }
    }

    @Test
    void stopsAtABreakpointOnAPc() {
        try (DebugSession s = session(120)) {
            int call = callPc();
            s.breakAt(call);

            Stop stop = s.resume();

            assertThat(stop.reason()).isEqualTo(StopReason.BREAKPOINT);
            assertThat(stop.pc()).isEqualTo(call);
            assertThat(s.instruction().toString()).contains("call");
        }
    }

    @Test
    void stopsBeforeACallToANamedHelperWithItsArgumentsInRegisters() {
        try (DebugSession s = session(120)) {
            s.breakOnHelper("map_lookup_elem");

            Stop stop = s.resume();

            assertThat(stop.reason()).isEqualTo(StopReason.HELPER_CALL);
            assertThat(((Breakpoint.OnHelper) stop.breakpoint()).helper()).isEqualTo("bpf_map_lookup_elem");
            assertThat(s.register(1)).isEqualTo(Vm.mapPointer(object.spec().mapIndex("hits")));
            assertThat(s.register(2)).isEqualTo(s.register(10) - 4);
        }
    }

    @Test
    void stepsOneInstruction() {
        try (DebugSession s = session(120)) {
            Stop stop = s.stepInstruction();

            assertThat(stop.reason()).isEqualTo(StopReason.STEP);
            assertThat(stop.pc()).isEqualTo(1);
            assertThat(s.register(2)).isEqualTo(s.context().orElseThrow().field("data").asLong());
        }
    }

    @Test
    void stepsOverTheCallOnALineToTheNextLine() {
        try (DebugSession s = atLine(120, "__u32 key = classify(length);")) {
            Stop stop = s.stepLine();

            assertThat(stop.reason()).isEqualTo(StopReason.STEP);
            assertThat(stop.depth()).isZero();
            assertThat(stop.lineNumber()).isEqualTo(lineOf("__u64 *count = "));
        }
    }

    @Test
    void stepsIntoACalledFunctionAndOutAgain() {
        try (DebugSession s = atLine(120, "__u32 key = classify(length);")) {
            Stop in = s.stepInto();

            assertThat(in.depth()).isEqualTo(1);
            List<CallFrame> frames = s.callStack();
            assertThat(frames).extracting(CallFrame::function).containsExactly("classify", "debuggee");
            assertThat(frames.get(1).line().orElseThrow().line()).isEqualTo(lineOf("__u32 key = classify(length);"));
            assertThat(frames.get(0).framePointer()).isNotEqualTo(frames.get(1).framePointer());
            assertThat(s.arguments(1)).containsExactly(new Argument("length", "int", 120));
            assertThat(s.arguments(0)).containsExactly(new Argument("ctx", "struct xdp_md *", Vm.CONTEXT_ADDRESS));

            Stop out = s.stepOut();

            assertThat(out.depth()).isZero();
            assertThat(out.lineNumber()).isEqualTo(lineOf("__u32 key = classify(length);"));
            assertThat(s.register(0)).isEqualTo(2);
        }
    }

    @Test
    void readsTheStackAsTheFunctionAddressesIt() {
        try (DebugSession s = atLine(120, "if (key == 2)")) {
            List<StackSlot> slots = s.stackSlots(0);

            assertThat(slots).containsExactly(new StackSlot(-4, 4, 2));
            byte[] raw = s.stackBytes(0);
            assertThat(raw).hasSize(Vm.STACK_SIZE);
            assertThat(raw[Vm.STACK_SIZE - 4]).isEqualTo((byte) 2);
        }
    }

    @Test
    void readsPacketMemoryByAddressAndTheTypedContext() {
        byte[] frame = frame(120);
        try (DebugSession s = DebugSession.start(object, "debuggee", XdpInput.of(frame))) {
            BtfValue ctx = s.context().orElseThrow();

            assertThat(ctx.typeName()).isEqualTo("struct xdp_md");
            long data = ctx.field("data").asLong();
            assertThat(ctx.field("data_end").asLong() - data).isEqualTo(120);
            assertThat(s.readMemory(data, 14)).containsExactly(Arrays.copyOf(frame, 14));
            assertThat(s.contextBytes()).hasSizeGreaterThanOrEqualTo(24);
        }
    }

    @Test
    void changingARegisterChangesTheOutcome() {
        try (DebugSession s = session(120)) {
            s.breakAt(comparePc());
            s.resume();
            assertThat(s.register(1)).isEqualTo(2);

            s.setRegister(1, 1);

            assertThat(s.runToEnd().retval()).isEqualTo((int) XdpAction.PASS.value());
        }
    }

    @Test
    void changingMemoryChangesTheOutcome() {
        try (DebugSession s = atLine(120, "if (key == 2)")) {
            s.writeMemory(s.register(10) - 4, new byte[] {1, 0, 0, 0});

            assertThat(s.readMemory(s.register(10) - 4, 4)).containsExactly(1, 0, 0, 0);
            assertThat(s.runToEnd().retval()).isEqualTo((int) XdpAction.PASS.value());
        }
    }

    @Test
    void readsMapsWhilePaused() {
        try (DebugSession s = atLine(120, "if (key == 2)")) {
            assertThat(s.object().value("hits", new byte[] {2, 0, 0, 0}).orElseThrow().asLong()).isEqualTo(1);
            assertThat(s.describeMap("hits")).contains("{key=2, value=1}");
            assertThat(s.maps()).containsKey("hits");
        }
    }

    @Test
    void runsToTheEndPastBreakpointsWithTheNormalResult() {
        int expected = LoadedObject.load(ObjectSpec.parse("debuggee.o", OBJECT)).run("debuggee", XdpInput.of(frame(120))).retval();
        try (DebugSession s = session(120)) {
            s.breakAt("debuggee.c", lineOf("if (key == 2)"));

            assertThat(s.runToEnd().retval()).isEqualTo(expected).isEqualTo((int) XdpAction.DROP.value());
            assertThat(s.lastStop().reason()).isEqualTo(StopReason.FINISHED);
            assertThatThrownBy(() -> s.register(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
        }
    }

    @Test
    void pauseStopsBeforeTheNextInstruction() {
        try (DebugSession s = session(40)) {
            s.breakAt("debuggee.c", lineOf("if (key == 2)"));

            s.pause();
            Stop stop = s.resume();

            assertThat(stop.reason()).isEqualTo(StopReason.PAUSE);
            assertThat(stop.pc()).isEqualTo(1);
        }
    }

    @Test
    void aTrapEndsTheRunAsFailedWithTheTrap() {
        try (DebugSession s = session(120)) {
            s.breakAt(derefPc());
            s.resume();

            s.setRegister(0, 0x10);

            assertThat(s.resume().reason()).isEqualTo(StopReason.FAILED);
            assertThat(s.failure()).containsInstanceOf(TrapException.class);
            assertThatThrownBy(s::result).isInstanceOf(TrapException.class);
        }
    }

    @Test
    void stopsInACallbackAHelperCallsWithTheHelperCallInTheCallStack() {
        LoadedObject callbacks = LoadedObject.load(ObjectSpec.parse("callbacks.o", resource("/elf/callbacks.o")));
        try (DebugSession s = DebugSession.start(callbacks, "loop_sum", XdpInput.of(frame(64)))) {
            s.breakAt("callbacks.c", 22);   // c->sum += index; in add_index, which bpf_loop calls ten times
            s.breakOnHelper("bpf_loop");
            int loopCall = s.resume().pc();

            Stop inCallback = s.resume();

            assertThat(inCallback.depth()).isEqualTo(1);
            List<CallFrame> frames = s.callStack();
            assertThat(frames).extracting(CallFrame::function).containsExactly("add_index", "loop_sum");
            assertThat(frames.get(1).pc()).isEqualTo(loopCall);
            assertThat(s.register(1)).isZero();   // the first index
            assertThat(s.resume().depth()).isEqualTo(1);
            assertThat(s.register(1)).isEqualTo(1);
            s.clearBreakpoints();
            assertThat(s.runToEnd().retval()).isEqualTo((int) XdpAction.PASS.value());
        }
    }

    @Test
    void closingEndsAPausedRunAndFreesTheObject() {
        DebugSession s = session(120);

        s.close();

        assertThat(s.isEnded()).isTrue();
        assertThat(object.run("debuggee", XdpInput.of(frame(40))).retval()).isEqualTo((int) XdpAction.PASS.value());
    }

    private DebugSession session(int frameLength) {
        return DebugSession.start(object, "debuggee", XdpInput.of(frame(frameLength)));
    }

    private DebugSession atLine(int frameLength, String text) {
        DebugSession s = session(frameLength);
        Breakpoint b = s.breakAt("debuggee.c", lineOf(text));
        assertThat(s.resume().breakpoint()).isEqualTo(b);
        s.remove(b);
        return s;
    }

    /** The pc of the call to bpf_map_lookup_elem (helper 1). */
    private int callPc() {
        return pcWhere(i -> i.op() == Opcode.CALL && i.src() == 0 && i.imm() == 1);
    }

    /** The pc of {@code *count += 1}'s load through r0. */
    private int derefPc() {
        return pcWhere(i -> i.instructionClass() == InstructionClass.LDX && i.src() == 0);
    }

    /** The pc of the comparison {@code key == 2}. */
    private int comparePc() {
        return pcWhere(i -> i.instructionClass() == InstructionClass.JMP && i.imm() == 2 && i.op() == Opcode.JEQ_IMM);
    }

    private int pcWhere(Predicate<Instruction> p) {
        Program program = object.program("debuggee");
        for (int pc = 0; pc < program.slotCount(); pc++) {
            if (program.instructionAt(pc) != null && p.test(program.instructionAt(pc))) {
                return pc;
            }
        }
        throw new AssertionError("no such instruction in debuggee");
    }

    static int lineOf(String text) {
        for (int i = 0; i < SOURCE.size(); i++) {
            if (SOURCE.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("debuggee.c has no line with " + text);
    }

    private static byte[] frame(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] resource(String name) {
        try (InputStream in = DebugSessionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
