package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;

import java.util.List;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.isa.SourceLine;
import org.junit.jupiter.api.Test;

/** Loads and stores of every width, the bounds checks on every region, and what traps report. */
class MemoryAndTrapTest {

    private final Vm vm = Vm.builder().build();

    private Region mapInput(byte[] bytes, boolean writable) {
        Region r = new Region("input", bytes, writable);
        vm.memory().map(r, Vm.CONTEXT_ADDRESS);
        return r;
    }

    @Test
    void loadsAreLittleEndianAndZeroExtended() {
        mapInput(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, (byte) 0x91}, false);
        Program p = Program.of("loads", new Assembler()
                .load(Size.B, R0, R1, 0).load(Size.H, R2, R1, 0).add64(R0, R2)
                .load(Size.W, R2, R1, 0).add64(R0, R2)
                .exit().build());

        assertThat(vm.run(p, Vm.CONTEXT_ADDRESS)).isEqualTo(0x88 + 0x7788 + 0x55667788L);
        assertThat(vm.run(Program.of("dw", new Assembler().load(Size.DW, R0, R1, 0).exit().build()), Vm.CONTEXT_ADDRESS))
                .isEqualTo(0x9122334455667788L);
    }

    @Test
    void signExtendingLoadsExtendTheTopBit() {
        mapInput(new byte[] {(byte) 0x80, (byte) 0xff, (byte) 0xff, (byte) 0xff}, false);

        assertThat(vm.run(Program.of("sx8", new Assembler().loadSigned(Size.B, R0, R1, 0).exit().build()), Vm.CONTEXT_ADDRESS)).isEqualTo(-128);
        assertThat(vm.run(Program.of("sx16", new Assembler().loadSigned(Size.H, R0, R1, 0).exit().build()), Vm.CONTEXT_ADDRESS)).isEqualTo((short) 0xff80);
        assertThat(vm.run(Program.of("sx32", new Assembler().loadSigned(Size.W, R0, R1, 0).exit().build()), Vm.CONTEXT_ADDRESS)).isEqualTo(0xffffff80L - 0x100000000L);
    }

    @Test
    void storesOfEveryWidthLandInTheStackAndReadBack() {
        Program p = Program.of("stack", new Assembler()
                .store(Size.DW, R10, -8, -1)
                .store(Size.W, R10, -8, 0x11223344)
                .store(Size.H, R10, -8, 0x5566)
                .mov64(R1, 0x77).store(Size.B, R10, -8, R1)
                .load(Size.DW, R0, R10, -8)
                .exit().build());

        assertThat(vm.run(p)).isEqualTo(0xffffffff11225577L);
    }

    @Test
    void stackIsZeroedForEveryRun() {
        Program write = Program.of("w", new Assembler().store(Size.DW, R10, -8, 42).mov64(R0, 0).exit().build());
        Program read = Program.of("r", new Assembler().load(Size.DW, R0, R10, -8).exit().build());

        vm.run(write);

        assertThat(vm.run(read)).isZero();
    }

    @Test
    void outOfBoundsLoadNamesTheRegionThePcAndTheInstruction() {
        mapInput(new byte[60], true);
        Program p = Program.of("xdp_fw", new Assembler().mov64(R0, 0).load(Size.W, R2, R1, 64).exit().build());

        assertThatThrownBy(() -> vm.run(p, Vm.CONTEXT_ADDRESS))
                .isInstanceOf(TrapException.class)
                .hasMessageStartingWith("out-of-bounds load of 4 bytes at 0x2000040 (input + 64, input is 60 bytes) at pc 1 (r2 = *(u32 *)(r1 + 0x40)) in xdp_fw")
                .hasMessageEndingWith("in xdp_fw; mapped regions: [stack [0x10ffe00, 0x1100000), input [0x2000000, 0x200003c), 7 deeper stack frames]")
                .satisfies(t -> {
                    TrapException trap = (TrapException) t;
                    assertThat(trap.kind()).isEqualTo(TrapException.Kind.MEMORY);
                    assertThat(trap.pc()).isEqualTo(1);
                    assertThat(trap.programName()).isEqualTo("xdp_fw");
                    assertThat(trap.instruction().toString()).isEqualTo("r2 = *(u32 *)(r1 + 0x40)");
                });
    }

    @Test
    void accessStraddlingTheEndOfARegionTraps() {
        mapInput(new byte[6], true);
        Program p = Program.of("straddle", new Assembler().load(Size.DW, R0, R1, 0).exit().build());

        assertThatThrownBy(() -> vm.run(p, Vm.CONTEXT_ADDRESS)).hasMessageContaining("out-of-bounds load of 8 bytes");
    }

    @Test
    void nullPointerLoadTraps() {
        Program p = Program.of("null", new Assembler().mov64(R1, 0).load(Size.B, R0, R1, 0).exit().build());

        assertThatThrownBy(() -> vm.run(p)).isInstanceOf(TrapException.class).hasMessageStartingWith("null pointer load of 1 bytes at pc 1");
    }

    @Test
    void pointerAbove4GiBTraps() {
        Program p = Program.of("high", new Assembler().lddw(R1, 0x1_0200_0000L).load(Size.B, R0, R1, 0).exit().build());

        assertThatThrownBy(() -> vm.run(p)).hasMessageContaining("unmapped address 0x102000000");
    }

    @Test
    void storeToReadOnlyRegionTraps() {
        mapInput(new byte[8], false);
        Program p = Program.of("ro", new Assembler().store(Size.W, R1, 0, 1).mov64(R0, 0).exit().build());

        assertThatThrownBy(() -> vm.run(p, Vm.CONTEXT_ADDRESS)).hasMessageStartingWith("store of 4 bytes to read-only 0x2000000 (input + 0");
    }

    @Test
    void accessBelowTheFramesFiveHundredTwelveBytesTraps() {
        Program p = Program.of("deep", new Assembler().load(Size.B, R0, R10, -513).exit().build());

        assertThatThrownBy(() -> vm.run(p)).hasMessageContaining("out-of-bounds load of 1 bytes at 0x10ffdff (stack - 1, stack is 512 bytes)");
    }

    @Test
    void pointersCompareAndSubtractAsNumbers() {
        mapInput(new byte[40], true);
        Program p = Program.of("ptr", new Assembler()
                .mov64(R2, R1).add64(R2, 40)   // data_end
                .mov64(R0, R2).alu64(org.ebpftest.runtime.isa.AluOp.SUB, R0, R1)
                .jump(JumpOp.JGT, R1, R2, "bad").exit()
                .label("bad").mov64(R0, -1).exit().build());

        assertThat(vm.run(p, Vm.CONTEXT_ADDRESS)).isEqualTo(40);
    }

    @Test
    void trapNamesTheCSourceLineWhenTheProgramHasLineInfo() {
        List<Instruction> code = new Assembler().mov64(R1, 0).load(Size.W, R0, R1, 0).exit().build();
        SourceLine[] lines = {new SourceLine("/src/xdp_fw.c", 42, 9, "    if (ip->protocol == IPPROTO_TCP)"), null, null};
        Program p = Program.builder("xdp_fw", code).sourceLines(lines).build();

        assertThatThrownBy(() -> vm.run(p))
                .hasMessageStartingWith("null pointer load of 4 bytes at pc 1 (r0 = *(u32 *)(r1 + 0x0)) in xdp_fw [xdp_fw.c:42  if (ip->protocol == IPPROTO_TCP)]; mapped regions: ")
                .satisfies(t -> assertThat(((TrapException) t).sourceLine()).hasValueSatisfying(l -> assertThat(l.line()).isEqualTo(42)));
    }

    @Test
    void trapInCodeOfLineZeroNamesNoSourceLine() {
        // given a load the compiler attributed to line 0, after code of line 42
        List<Instruction> code = new Assembler().mov64(R1, 0).load(Size.W, R0, R1, 0).exit().build();
        SourceLine[] lines = {new SourceLine("/src/xdp_fw.c", 42, 9, "    if (ip->protocol == IPPROTO_TCP)"),
                new SourceLine("/src/xdp_fw.c", 0, 0, ""), null};
        Program p = Program.builder("xdp_fw", code).sourceLines(lines).build();

        // then the trap names no line: neither [xdp_fw.c:0] nor the line before
        assertThatThrownBy(() -> vm.run(p))
                .hasMessageStartingWith("null pointer load of 4 bytes at pc 1 (r0 = *(u32 *)(r1 + 0x0)) in xdp_fw; mapped regions: ")
                .satisfies(t -> assertThat(((TrapException) t).sourceLine()).isEmpty());
        assertThat(p.sourceLineAt(0).line()).isEqualTo(42);
        assertThat(p.sourceLineAt(2)).isNull();
    }

    @Test
    void hostCanReadAndWriteMemoryBetweenRuns() {
        Region input = mapInput(new byte[8], true);
        vm.memory().write(Vm.CONTEXT_ADDRESS + 2, new byte[] {1, 2});

        assertThat(input.bytes()).containsExactly(0, 0, 1, 2, 0, 0, 0, 0);
        assertThat(vm.memory().read(Vm.CONTEXT_ADDRESS + 1, 3)).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> vm.memory().read(Vm.CONTEXT_ADDRESS + 4, 8)).isInstanceOf(MemoryFault.class);
    }

    @Test
    void regionWindowLimitsWhatIsAccessible() {
        byte[] buffer = new byte[64];
        buffer[10] = 7;
        Region packet = new Region("packet", buffer, true, 10, 20);
        vm.memory().map(packet, Vm.PACKET_ADDRESS);
        Program first = Program.of("first", new Assembler().lddw(R1, Vm.PACKET_ADDRESS + 10).load(Size.B, R0, R1, 0).exit().build());
        Program before = Program.of("before", new Assembler().lddw(R1, Vm.PACKET_ADDRESS + 9).load(Size.B, R0, R1, 0).exit().build());

        assertThat(vm.run(first)).isEqualTo(7);
        assertThatThrownBy(() -> vm.run(before)).hasMessageContaining("packet - 1");
    }

    @Test
    void mappingOverAnotherRegionIsRefused() {
        mapInput(new byte[8], true);

        assertThatThrownBy(() -> vm.memory().map(new Region("other", new byte[8], true), Vm.CONTEXT_ADDRESS + 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input is there");
    }
}
