package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;
import static org.ebpftest.runtime.isa.Register.R5;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;
import static org.ebpftest.runtime.isa.Register.R10;

import java.util.List;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * Dynptrs made and used through helpers (Dynptrs): the refusals Linux 6.18 makes for them, with
 * its messages (the corpus group {@code dynptr} holds the same cases recorded from the kernel),
 * and the programs next to them it loads.
 */
class DynptrVerificationTest {
    private static final int FROM_MEM = 197;
    private static final int RESERVE = 198;
    private static final int SUBMIT = 199;
    private static final int DISCARD = 200;
    private static final int READ = 201;
    private static final int DATA = 203;

    /** Map 0 a ring buffer, map 1 an array of one 8-byte value. */
    private static final List<MapInfo> MAPS = List.of(new MapInfo("events", MapType.RINGBUF, 0, 0, 4096, false, null),
            new MapInfo("values", MapType.ARRAY, 4, 8, 1, false, null));

    /** bpf_ringbuf_reserve_dynptr(&events, 8, 0, fp + off), the call at pc 6 (the lddw takes two). */
    private static Assembler reserve(int off) {
        return new Assembler()
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 0))
                .mov64(R2, 8).mov64(R3, 0)
                .mov64(R4, R10).add64(R4, off)
                .call(RESERVE);
    }

    /** bpf_ringbuf_discard_dynptr(fp + off, 0), or submit. */
    private static Assembler release(Assembler a, int helper, int off) {
        return a.mov64(R1, R10).add64(R1, off).mov64(R2, 0).call(helper);
    }

    /** A local dynptr at fp-16 over the array's value, kept in r7 (exits 0 when the lookup fails). */
    private static Assembler local() {
        return new Assembler()
                .store(Size.W, R10, -4, 0)
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 1))
                .mov64(R2, R10).add64(R2, -4)
                .call(1)
                .jump(JumpOp.JNE, R0, 0, "found").mov64(R0, 0).exit()
                .label("found").mov64(R7, R0)
                .mov64(R1, R0).mov64(R2, 8).mov64(R3, 0).mov64(R4, R10).add64(R4, -16)
                .call(FROM_MEM);
    }

    private static Verification verify(ProgramType type, Assembler a) {
        return Verifier.verify("dynptr", type, a.build(), MAPS);
    }

    @Test
    void refusesARingBufferDynptrNeverReleasedWithTheKernelsNumbering() {
        // given a tracepoint reserving a dynptr and exiting without submitting or discarding it
        Assembler a = reserve(-16).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.TRACEPOINT, a);
        // then refused at the exit: the dynptr is id 1, its reference id 2, acquired at the call
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("Unreleased reference id=2 alloc_insn=6");
    }

    @Test
    void refusesLeavingAFailedReservationUndiscarded() {
        // given the reservation's error answered by returning at once
        Assembler a = reserve(-16).jump(JumpOp.JEQ, R0, 0, "ok").mov64(R0, 0).exit().label("ok");
        a = release(a, SUBMIT, -16).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.TRACEPOINT, a);
        // then refused: a failed reservation still holds a reference
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).startsWith("Unreleased reference id=2");
    }

    @Test
    void acceptsAReservationReadAndSubmitted() {
        // given a reservation read into fp-24 through bpf_dynptr_read, then submitted
        Assembler a = reserve(-16).mov64(R1, R10).add64(R1, -24).mov64(R2, 8).mov64(R3, R10).add64(R3, -16)
                .mov64(R4, 0).mov64(R5, 0).call(READ);
        a = release(a, SUBMIT, -16).mov64(R0, 0).exit();
        // when verified, in a tracepoint and in XDP
        // then both load
        assertThat(verify(ProgramType.TRACEPOINT, a).accepted()).isTrue();
        assertThat(verify(ProgramType.XDP, a).accepted()).isTrue();
    }

    @Test
    void refusesReadingADynptrAfterItsRelease() {
        // given a read through the dynptr after it was discarded
        Assembler a = release(reserve(-16), DISCARD, -16).mov64(R1, R10).add64(R1, -24).mov64(R2, 8).mov64(R3, R10)
                .add64(R3, -16).mov64(R4, 0).mov64(R5, 0).call(READ).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.TRACEPOINT, a);
        // then refused at the read: its third argument (arg #2) is no dynptr any more
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("Expected an initialized dynptr as arg #2");
    }

    @Test
    void refusesReleasingADynptrTwiceOrOneNeverMade() {
        // given a double discard, and a submit of stack holding no dynptr
        Assembler twice = release(release(reserve(-16), DISCARD, -16), DISCARD, -16).mov64(R0, 0).exit();
        Assembler never = release(new Assembler(), SUBMIT, -16).mov64(R0, 0).exit();
        // when verified
        Verification v1 = verify(ProgramType.TRACEPOINT, twice);
        Verification v2 = verify(ProgramType.TRACEPOINT, never);
        // then both are refused for want of a reference
        assertThat(v1.message()).isEqualTo("arg 1 is an unacquired reference");
        assertThat(v1.pc()).isEqualTo(14);
        assertThat(v2.message()).isEqualTo("arg 1 is an unacquired reference");
    }

    @Test
    void refusesADynptrAtAnOffsetThatIsNotAWholeSlot() {
        // given a reservation into fp-20
        Assembler a = release(reserve(-20), DISCARD, -20).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.TRACEPOINT, a);
        // then refused with the kernel's words
        assertThat(v.message()).isEqualTo("cannot pass in dynptr at an offset=-20");
    }

    @Test
    void refusesLoadingADynptrsBytesAndOverwritingAReferencedOne() {
        // given a load of the dynptr's second slot, and a store into it
        Assembler load = release(reserve(-16).load(Size.DW, R6, R10, -8), DISCARD, -16).mov64(R0, 0).exit();
        Assembler store = release(reserve(-16).store(Size.B, R10, -8, 0), DISCARD, -16).mov64(R0, 0).exit();
        // when verified
        Verification v1 = verify(ProgramType.TRACEPOINT, load);
        Verification v2 = verify(ProgramType.TRACEPOINT, store);
        // then the load is an invalid read and the store would lose the reference
        assertThat(v1.message()).isEqualTo("invalid read from stack off -8+0 size 8");
        assertThat(v2.message()).isEqualTo("cannot overwrite referenced dynptr");
    }

    @Test
    void refusesHandingADynptrToAHelperAsMemory() {
        // given the dynptr at fp-16 as the value of bpf_map_update_elem(&values, &key, value, 0)
        Assembler a = reserve(-16).store(Size.W, R10, -20, 0)
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 1))
                .mov64(R2, R10).add64(R2, -20).mov64(R3, R10).add64(R3, -16).mov64(R4, 0).call(2);
        a = release(a, DISCARD, -16).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.TRACEPOINT, a);
        // then refused as the kernel reads the value: the dynptr's bytes are not data
        assertThat(v.message()).isEqualTo("invalid read from stack R3 off -16+0 size 8");
    }

    @Test
    void followsASliceNullCheckedBoundedAndDeadAfterTheRelease() {
        // given a slice of 8 bytes used unchecked, past its end, after the submit, and within its bounds
        Assembler unchecked = reserve(-16).mov64(R1, R10).add64(R1, -16).mov64(R2, 0).mov64(R3, 8).call(DATA)
                .store(Size.B, R0, 0, 1);
        unchecked = release(unchecked, SUBMIT, -16).mov64(R0, 0).exit();
        Verification v1 = verify(ProgramType.TRACEPOINT, unchecked);
        assertThat(v1.message()).isEqualTo("R0 invalid mem access 'mem_or_null'");

        for (int at : new int[] {7, 8}) {
            Assembler a = reserve(-16).mov64(R1, R10).add64(R1, -16).mov64(R2, 0).mov64(R3, 8).call(DATA)
                    .jump(JumpOp.JEQ, R0, 0, "out").store(Size.B, R0, at, 1).label("out");
            a = release(a, SUBMIT, -16).mov64(R0, 0).exit();
            Verification v = verify(ProgramType.TRACEPOINT, a);
            if (at == 7) {
                assertThat(v.accepted()).as(v.summary()).isTrue();
            } else {
                assertThat(v.message()).isEqualTo("invalid access to memory, mem_size=8 off=8 size=1");
                // followed, as in the kernel's log, by check_mem_region_access's own line
                assertThat(v.log()).contains("R0 min value is outside of the allowed memory range");
            }
        }

        Assembler after = reserve(-16).mov64(R1, R10).add64(R1, -16).mov64(R2, 0).mov64(R3, 8).call(DATA).mov64(R7, R0)
                .jump(JumpOp.JNE, R7, 0, "some");
        after = release(after, DISCARD, -16).mov64(R0, 0).exit().label("some");
        after = release(after, SUBMIT, -16).load(Size.B, R0, R7, 0).exit();
        Verification v3 = verify(ProgramType.TRACEPOINT, after);
        assertThat(v3.message()).isEqualTo("R7 invalid mem access 'scalar'");
    }

    @Test
    void destroysALocalDynptrOverwrittenAndLetsItBeMadeAgain() {
        // given a local dynptr whose first slot is overwritten, then read (refused) or first made again (accepted)
        Assembler read = local().store(Size.DW, R10, -16, 0).mov64(R1, R10).add64(R1, -24).mov64(R2, 8).mov64(R3, R10)
                .add64(R3, -16).mov64(R4, 0).mov64(R5, 0).call(READ).mov64(R0, 0).exit();
        Verification v1 = verify(ProgramType.TRACEPOINT, read);
        assertThat(v1.message()).isEqualTo("Expected an initialized dynptr as arg #2");

        Assembler remade = local().store(Size.DW, R10, -16, 0)
                .mov64(R1, R7).mov64(R2, 8).mov64(R3, 0).mov64(R4, R10).add64(R4, -16).call(FROM_MEM)
                .mov64(R1, R10).add64(R1, -24).mov64(R2, 8).mov64(R3, R10).add64(R3, -16).mov64(R4, 0).mov64(R5, 0).call(READ)
                .mov64(R0, 0).exit();
        Verification remadeV = verify(ProgramType.TRACEPOINT, remade);
        assertThat(remadeV.accepted()).as(remadeV.summary()).isTrue();

        Assembler ok = local().mov64(R1, R10).add64(R1, -24).mov64(R2, 8).mov64(R3, R10).add64(R3, -16).mov64(R4, 0)
                .mov64(R5, 0).call(READ).mov64(R0, 0).exit();
        Verification v2 = verify(ProgramType.TRACEPOINT, ok);
        assertThat(v2.accepted()).as(v2.summary()).isTrue();
    }

    @Test
    void refusesAReleaseOfALocalDynptrAndALocalDynptrOverStack() {
        // given a local dynptr submitted to the ring buffer, and one made over stack memory
        Assembler submitted = release(local(), SUBMIT, -16).mov64(R0, 0).exit();
        Assembler overStack = new Assembler().mov64(R1, R10).add64(R1, -8).mov64(R2, 8).mov64(R3, 0).mov64(R4, R10)
                .add64(R4, -24).call(FROM_MEM).mov64(R0, 0).exit();
        // when verified
        // then the first holds no reference, and the second's memory is refused
        assertThat(verify(ProgramType.TRACEPOINT, submitted).message()).isEqualTo("arg 1 is an unacquired reference");
        assertThat(verify(ProgramType.TRACEPOINT, overStack).message()).isEqualTo("Unsupported reg type fp for bpf_dynptr_from_mem data");
    }
}
