package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R10;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.corpus.VerifierCorpus;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class VerifierTest {

    static List<VerifierCases.Case> cases() {
        return VerifierCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheKernelsVerdictOnEachCase(VerifierCases.Case c) {
        // given a small program whose verdict Linux 6.18 gives (VerifierKernelTest checks it)
        // when it is verified
        Verification v = Verifier.verify(c.name(), c.type(), c.code(), List.of());
        // then the verdict and message are the kernel's
        if (c.refusal() == null) {
            assertThat(v.accepted()).as(v.summary() + " " + v.log()).isTrue();
        } else {
            assertThat(v.accepted()).as(v.summary()).isFalse();
            assertThat(v.message()).contains(c.refusal());
        }
    }

    private static final List<MapInfo> HASH = List.of(new MapInfo("flows", MapType.HASH, 4, 8, 16, false, null));
    private static final List<MapInfo> ARRAY = List.of(new MapInfo("slots", MapType.ARRAY, 4, 8, 16, false, null));

    /** r0 = bpf_map_lookup_elem(&map, &(u32){0}) */
    private static Assembler lookup() {
        return new Assembler()
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 0))
                .store(Size.W, R10, -4, 0)
                .mov64(R2, R10).add64(R2, -4)
                .call(1);
    }

    @Test
    void refusesAFourFromACgroupSkbEgressProgramButAcceptsAThree() {
        // given cgroup_skb/egress programs (attach type egress: [0, 3]) returning 4 and 3, from the corpus
        VerifierCorpus.Case four = corpusCase("cgroup_skb_egress_returns_four");
        VerifierCorpus.Case three = corpusCase("cgroup_skb_egress_returns_three");
        // when verified
        Verification refused = verify(four);
        Verification accepted = verify(three);
        // then 4 is refused in the kernel's words, as Linux 6.18 does, and 3 loads
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.message()).isEqualTo("At program exit the register R0 has smin=4 smax=4 should have been in [0, 3]");
        assertThat(accepted.accepted()).as(accepted.summary()).isTrue();
    }

    @Test
    void acceptsAProcessorIdReturnedFromCgroupSkbAsTheKernelBoundsItByTheCpuCount() {
        // given a cgroup_skb program returning the low half of bpf_get_smp_processor_id(), which the
        // kernel knows lies below the machine's CPU count (and so may be within [0, 1])
        List<Instruction> code = new Assembler().call(8).alu32(AluOp.MOV, R0, R0).exit().build();
        // when verified
        Verification v = Verifier.verify("cpu", ProgramType.CGROUP_SKB, code, List.of());
        // then it is accepted: the result is not taken as any 32-bit value
        assertThat(v.accepted()).as(v.summary()).isTrue();
    }

    /** A corpus program Linux refuses, the start of the kernel's message, and a neighbour it accepts. */
    record Neighbours(String refused, String message, String accepted) {
        @Override
        public String toString() {
            return refused + " / " + accepted;
        }
    }

    static List<Neighbours> neighbours() {
        return List.of(
                new Neighbours("helper_call_while_locked", "function calls are not allowed while holding a lock",
                        "subprogram_called_while_locked"),
                new Neighbours("unlock_of_another_maps_lock", "bpf_spin_unlock of different lock", "unlock_on_both_branches"),
                new Neighbours("lock_in_value_without_lock_field", "map 'plain_values' has no valid bpf_spin_lock", "lock_in_hash_value"),
                new Neighbours("load_bytes_larger_than_buffer", "invalid write to stack R3 off=-8 size=16", "load_bytes_into_fitting_buffer"),
                new Neighbours("load_bytes_with_variable_length", "R4 invalid zero-sized read: u64=[0,4294967295]",
                        "load_bytes_with_masked_length"),
                new Neighbours("redirect_map_on_array", "cannot pass map_type 2 into func bpf_redirect_map#51", "redirect_map_on_devmap"),
                new Neighbours("loop_callback_returns_two", "At callback return the register R0 has smin=2 smax=2 should have been in [0, 1]",
                        "loop_sums_with_callback"),
                new Neighbours("for_each_callback_writes_key", "write to change key R2 not allowed", "for_each_map_elem_sums_values"),
                new Neighbours("socket_lookup_without_release", "Unreleased reference id=", "socket_state_read_then_released"),
                new Neighbours("read_past_reserved_size", "invalid access to memory, mem_size=8 off=8 size=8", "read_within_reserved_size"),
                new Neighbours("tail_call_with_large_caller_stack",
                        "tail_calls are not allowed when call stack of previous frames is 320 bytes. Too large", "tail_call_with_small_caller_stack"),
                new Neighbours("recursive_call", "the call stack of 8 frames is too deep !", "eight_frames_deep"),
                new Neighbours("array_key_spilled_as_eight_bytes", "R0 invalid mem access 'map_value_or_null'",
                        "array_key_stored_as_four_aligned_bytes"),
                new Neighbours("variable_offset_read_reaching_above_frame", "invalid variable-offset read from stack R2 var_off=(0x0; 0xf) off=-8 size=1",
                        "variable_offset_read_within_frame"),
                new Neighbours("partial_fill_of_spilled_pointer", "invalid size of register fill", "partly_written_slot_read_as_root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neighbours")
    void refusesWhatLinuxRefusesWithItsMessageAndAcceptsTheNeighbourItLoads(Neighbours n) {
        // given two corpus programs that differ in one rule, with their maps and BTF
        // when both are verified
        Verification refused = verifyWithMaps(corpusCase(n.refused()));
        Verification accepted = verifyWithMaps(corpusCase(n.accepted()));
        // then the first is refused in the kernel's words and the second loads, as on Linux 6.18
        assertThat(refused.accepted()).as(refused.summary()).isFalse();
        assertThat(refused.message()).startsWith(n.message());
        assertThat(accepted.accepted()).as(accepted.summary() + " " + accepted.log()).isTrue();
    }

    private static Verification verifyWithMaps(VerifierCorpus.Case c) {
        return Verifier.verify(c.spec().program(c.program()), Verifier.mapsOf(c.spec()), c.spec().btf());
    }

    private static VerifierCorpus.Case corpusCase(String program) {
        return VerifierCorpus.cases().stream().filter(c -> c.program().equals(program)).findFirst().orElseThrow();
    }

    private static Verification verify(VerifierCorpus.Case c) {
        return Verifier.verify(c.spec().program(c.program()), List.of(), Optional.empty());
    }

    private static final List<MapInfo> RINGBUF = List.of(new MapInfo("events", MapType.RINGBUF, 0, 0, 4096, false, null));

    /** r0 = bpf_ringbuf_reserve(&events, 8, 0), at pc 4 */
    private static Assembler reserve() {
        return new Assembler()
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 0))
                .mov64(R2, 8).mov64(R3, 0)
                .call(131);
    }

    @Test
    void refusesAReservationNeverSubmittedWithTheKernelsReferenceNumbering() {
        // given a reservation checked for NULL but neither submitted nor discarded
        List<Instruction> code = reserve().jump(JumpOp.JEQ, R0, 0, "out").store(Size.DW, R0, 0, 1)
                .label("out").mov64(R0, 2).exit().build();
        // when verified
        Verification v = Verifier.verify("leak", ProgramType.XDP, code, RINGBUF);
        // then refused at the exit of the non-NULL path: the kernel numbers the or-NULL id 1 and the reference 2
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("Unreleased reference id=2 alloc_insn=4");
        assertThat(v.pc()).isEqualTo(8);
    }

    @Test
    void acceptsAReservationSubmittedOrDiscardedOnEveryPath() {
        // given a reservation submitted on one branch and discarded on the other, and NULL not released
        List<Instruction> code = reserve().jump(JumpOp.JEQ, R0, 0, "out").mov64(R1, R0).mov64(R2, 0)
                .load(Size.W, R3, R0, 0).jump(JumpOp.JEQ, R3, 0, "discard")
                .call(132).jump("out")
                .label("discard").call(133)
                .label("out").mov64(R0, 2).exit().build();
        // when verified
        Verification v = Verifier.verify("paired", ProgramType.XDP, code, RINGBUF);
        // then accepted
        assertThat(v.accepted()).as(v.summary()).isTrue();
    }

    @Test
    void refusesAReservationSubmittedOnOnlyOneOfTwoPathsThoughTheOtherMeetsIt() {
        // given a reservation submitted only when ingress_ifindex is at most 1000, both paths joining at the exit
        List<Instruction> code = new Assembler().mov64(R6, R1)
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 0)).mov64(R2, 8).mov64(R3, 0).call(131)
                .jump(JumpOp.JEQ, R0, 0, "out")
                .load(Size.W, R3, R6, 12).jump(JumpOp.JGT, R3, 1000, "out")
                .mov64(R1, R0).mov64(R2, 0).call(132)
                .label("out").mov64(R0, 2).exit().build();
        // when verified
        Verification v = Verifier.verify("one_path", ProgramType.XDP, code, RINGBUF);
        // then the path still holding it is not pruned against the one that submitted it, and is refused
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("Unreleased reference id=2 alloc_insn=5");
        assertThat(v.pc()).isEqualTo(13);
    }

    @Test
    void refusesSubmittingAReservationNotCheckedForNull() {
        // given a reservation submitted before any NULL check
        List<Instruction> code = reserve().mov64(R1, R0).mov64(R2, 0).call(132).mov64(R0, 2).exit().build();
        // when verified
        Verification v = Verifier.verify("unchecked", ProgramType.XDP, code, RINGBUF);
        // then refused at the submit in the kernel's words
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("R1 type=ringbuf_mem_or_null expected=ringbuf_mem");
        assertThat(v.pc()).isEqualTo(7);
    }

    @Test
    void refusesWritingToAReservationAfterItWasSubmitted() {
        // given a copy of the reservation written after the submit released it
        List<Instruction> code = reserve().jump(JumpOp.JEQ, R0, 0, "out").mov64(R6, R0).mov64(R1, R0).mov64(R2, 0)
                .call(132).store(Size.DW, R6, 0, 1)
                .label("out").mov64(R0, 2).exit().build();
        // when verified
        Verification v = Verifier.verify("after_submit", ProgramType.XDP, code, RINGBUF);
        // then every copy became a scalar, as the kernel's release_reference makes it
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("R6 invalid mem access 'scalar'");
    }

    @Test
    void refusesAHashLookupUsedWithoutANullCheck() {
        // given a lookup whose value is read before any NULL check
        List<Instruction> code = lookup().load(Size.DW, R0, R0, 0).exit().build();
        // when verified
        Verification v = Verifier.verify("no_null_check", ProgramType.XDP, code, HASH);
        // then refused with the kernel's words, at the load
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("R0 invalid mem access 'map_value_or_null'");
        assertThat(v.pc()).isEqualTo(6);
        assertThat(v.summary()).isEqualTo("REFUSED no_null_check: R0 invalid mem access 'map_value_or_null' at pc 6");
    }

    @Test
    void acceptsAHashLookupReadAfterANullCheck() {
        List<Instruction> code = lookup().jump(JumpOp.JEQ, R0, 0, "out").load(Size.DW, R0, R0, 0).label("out").exit().build();

        Verification v = Verifier.verify("null_checked", ProgramType.XDP, code, HASH);

        assertThat(v.accepted()).as(v.summary()).isTrue();
        assertThat(v.summary()).startsWith("OK null_checked (");
    }

    @Test
    void acceptsAnArrayLookupWithoutANullCheckAsLinux618MayKnowItCannotFail() {
        List<Instruction> code = lookup().load(Size.DW, R0, R0, 0).exit().build();

        assertThat(Verifier.verify("array", ProgramType.XDP, code, ARRAY).accepted()).isTrue();
    }

    private static final List<MapInfo> ARRAY16 = List.of(new MapInfo("bytes", MapType.ARRAY, 4, 16, 4, false, null));

    /** v = lookup(...); if (!v) return 0; i = ctx->rx_queue_index (masked); return v[i]; */
    private static List<Instruction> indexedArrayRead(int mask) {
        Assembler withLookup = new Assembler()
                .mov64(R6, R1)
                .raw(Instruction.lddw(1, PseudoSource.MAP_IDX.code(), 0))
                .store(Size.W, R10, -4, 0)
                .mov64(R2, R10).add64(R2, -4)
                .call(1)
                .jump(JumpOp.JEQ, R0, 0, "out")
                .load(Size.W, R1, R6, 16);
        if (mask != 0) {
            withLookup.alu64(AluOp.AND, R1, mask);
        }
        return withLookup.alu64(AluOp.ADD, R0, R1).load(Size.B, R0, R0, 0).label("out").exit().build();
    }

    @Test
    void refusesAnUncheckedIndexIntoAnArrayValueAsLinuxDoes() {
        // given an index read from the context and used unchecked (Linux: unbounded memory access)
        Verification unbounded = Verifier.verify("idx", ProgramType.XDP, indexedArrayRead(0), ARRAY16);
        // and one masked to 0xff, still past the 16-byte value (Linux: invalid access to map value, then max value is outside ...)
        Verification masked = Verifier.verify("idx2", ProgramType.XDP, indexedArrayRead(0xff), ARRAY16);
        // then both are refused with Linux's messages
        assertThat(unbounded.message()).isEqualTo("R0 unbounded memory access, make sure to bounds check any such access");
        assertThat(masked.message()).isEqualTo("invalid access to map value, value_size=16 off=255 size=1");
    }

    @Test
    void acceptsAnIndexMaskedIntoAnArrayValue() {
        assertThat(Verifier.verify("idx3", ProgramType.XDP, indexedArrayRead(0xf), ARRAY16).accepted()).isTrue();
    }

    @Test
    void refusesAReadPastTheEndOfAMapValue() {
        List<Instruction> code = lookup().jump(JumpOp.JEQ, R0, 0, "out").load(Size.DW, R0, R0, 4).label("out").exit().build();

        Verification v = Verifier.verify("past_value", ProgramType.XDP, code, HASH);

        assertThat(v.message()).isEqualTo("invalid access to map value, value_size=8 off=4 size=8");
    }

    @Test
    void refusesPointerArithmeticOnAValueNotYetNullChecked() {
        List<Instruction> code = lookup().add64(R0, 4).mov64(R0, 0).exit().build();

        assertThat(Verifier.verify("arith", ProgramType.XDP, code, HASH).message())
                .isEqualTo("R0 pointer arithmetic on map_value_or_null prohibited, null-check it first");
    }

    @Test
    void refusesAScalarWhereALookupNeedsAMap() {
        List<Instruction> code = new Assembler().mov64(R1, 0).mov64(R2, R10).add64(R2, -8).store(Size.DW, R10, -8, 0).call(1)
                .mov64(R0, 0).exit().build();

        assertThat(Verifier.verify("scalar_map", ProgramType.XDP, code, HASH).message()).isEqualTo("R1 type=scalar expected=map_ptr");
    }

    @Test
    void refusesACallChainDeeperThanEightFrames() {
        // given main calling f1, f1 calling f2, ... f8: nine frames
        Assembler a = new Assembler().callLocal("f1").mov64(R0, 0).exit();
        for (int i = 1; i <= 8; i++) {
            a.label("f" + i);
            if (i < 8) {
                a.callLocal("f" + (i + 1));
            }
            a.mov64(R0, 0).exit();
        }
        // when verified
        Verification v = Verifier.verify("deep", ProgramType.XDP, a.build(), List.of());
        // then refused at the eighth call
        assertThat(v.message()).isEqualTo("the call stack of 9 frames is too deep");
    }

    @Test
    void refusedLoadSaysHowToOptOutAndAsksForAReport() {
        Verification v = Verifier.verify("no_r0", ProgramType.XDP, new Assembler().exit().build(), List.of());

        assertThatThrownBy(() -> v.orThrow("fw.o"))
                .isInstanceOf(VerifierException.class)
                .hasMessageContaining("fw.o: program no_r0 refused by the verifier: R0 !read_ok")
                .hasMessageContaining("at pc 0 (exit)")
                .hasMessageContaining("-Debpftest.verifier=off")
                .hasMessageContaining("please report it");
    }

    @Test
    void logTailShowsTheBranchDecisionsLeadingToTheRefusal() {
        List<Instruction> code = new Assembler().load(Size.W, R2, R1, 0).load(Size.W, R1, R1, 4).mov64(R0, 0)
                .jump(JumpOp.JEQ, R2, R1, "out").load(Size.B, R0, R2, 0).label("out").exit().build();

        Verification v = Verifier.verify("log", ProgramType.XDP, code, List.of());

        assertThat(v.message()).startsWith("invalid access to packet, off=0 size=1");
        // the decisions, then the line check_packet_access prints after the bounds message
        assertThat(v.log()).containsExactly("3: if r2 == r1 goto +0x1 (not taken)", "R2 offset is outside of the packet");
    }
}
