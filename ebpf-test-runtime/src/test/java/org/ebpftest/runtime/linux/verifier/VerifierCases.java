package org.ebpftest.runtime.linux.verifier;

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
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.Size;

/**
 * Small programs without maps, each with the verdict Linux 6.18 gives it (checked by
 * {@code VerifierKernelTest}): the message it refuses with, or null when it loads.
 */
public final class VerifierCases {
    /** A program, its type, and the kernel's refusal message (null: the kernel loads it). */
    public record Case(String name, ProgramType type, List<Instruction> code, String refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    private VerifierCases() {
    }

    private static Assembler xdpPacket() {
        return new Assembler()
                .load(Size.W, R2, R1, 0)     // data
                .load(Size.W, R3, R1, 4);    // data_end
    }

    /** Every case. */
    public static List<Case> all() {
        return List.of(
                new Case("uninitialised_register", ProgramType.XDP,
                        new Assembler().mov64(R0, R2).exit().build(), "R2 !read_ok"),
                new Case("exit_without_r0", ProgramType.XDP,
                        new Assembler().mov64(R1, 0).exit().build(), "R0 !read_ok"),
                new Case("packet_read_without_check", ProgramType.XDP,
                        xdpPacket().load(Size.B, R0, R2, 23).exit().build(),
                        "invalid access to packet, off=23 size=1, R2(id=0,off=23,r=0)"),
                new Case("packet_read_past_checked_range", ProgramType.XDP,
                        xdpPacket().mov64(R4, R2).add64(R4, 14).mov64(R0, 1)
                                .jump(JumpOp.JGT, R4, R3, "out")
                                .load(Size.B, R0, R2, 14)
                                .label("out").exit().build(),
                        "invalid access to packet, off=14 size=1, R2(id=0,off=14,r=14)"),
                new Case("packet_read_within_checked_range", ProgramType.XDP,
                        xdpPacket().mov64(R4, R2).add64(R4, 14).mov64(R0, 1)
                                .jump(JumpOp.JGT, R4, R3, "out")
                                .load(Size.B, R0, R2, 13)
                                .label("out").exit().build(),
                        null),
                // an index sign-extended from 32 bits with a shift pair: checked only from above, it
                // may be negative, and a shift by 2 leaves the kernel no signed minimum at all
                new Case("sign_extended_index_checked_above_only", ProgramType.XDP,
                        xdpPacket().load(Size.W, R4, R1, 16).alu64(AluOp.LSH, R4, 32).alu64(AluOp.ARSH, R4, 32).mov64(R0, 1)
                                .jump(JumpOp.JSGT, R4, 19, "out")
                                .alu64(AluOp.LSH, R4, 2).add64(R2, R4)
                                .label("out").exit().build(),
                        "math between pkt pointer and register with unbounded min value is not allowed"),
                new Case("sign_extended_index_checked_both_sides", ProgramType.XDP,
                        xdpPacket().load(Size.W, R4, R1, 16).alu64(AluOp.LSH, R4, 32).alu64(AluOp.ARSH, R4, 32).mov64(R0, 1)
                                .jump(JumpOp.JSGT, R4, 19, "out")
                                .jump(JumpOp.JSLT, R4, 0, "out")
                                .alu64(AluOp.LSH, R4, 2).add64(R2, R4)
                                .label("out").exit().build(),
                        null),
                new Case("packet_pointer_stale_after_adjust_head", ProgramType.XDP,
                        new Assembler().mov64(R6, R1).load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4)
                                .mov64(R4, R2).add64(R4, 14).mov64(R0, 1)
                                .jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R7, R2).mov64(R1, R6).mov64(R2, 0).call(44)
                                .load(Size.B, R0, R7, 0)
                                .label("out").exit().build(),
                        "R7 invalid mem access 'scalar'"),
                new Case("scalar_dereference", ProgramType.XDP,
                        new Assembler().mov64(R1, 0).load(Size.B, R0, R1, 0).exit().build(), "R1 invalid mem access 'scalar'"),
                new Case("helper_of_another_program_type", ProgramType.XDP,
                        new Assembler().mov64(R2, 0).mov64(R3, 0).mov64(R4, 0).mov64(R5, 0).call(9).mov64(R0, 0).exit().build(),
                        "program of this type cannot use helper bpf_skb_store_bytes#9"),
                new Case("packet_handed_to_helper_without_packet_access", ProgramType.XDP,
                        xdpPacket().mov64(R4, R2).add64(R4, 14).mov64(R0, 1).jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R3, R2).mov64(R2, 0).mov64(R4, 6).call(190) // bpf_xdp_store_bytes(ctx, 0, data, 6)
                                .mov64(R0, 2).label("out").exit().build(),
                        "helper access to the packet is not allowed"),
                new Case("packet_metadata_handed_to_helper_without_packet_access", ProgramType.XDP,
                        new Assembler().load(Size.W, R2, R1, 8).load(Size.W, R3, R1, 0) // data_meta, data
                                .mov64(R4, R2).add64(R4, 4).mov64(R0, 1).jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R3, R2).mov64(R2, 0).mov64(R4, 4).call(190)
                                .mov64(R0, 2).label("out").exit().build(),
                        "helper access to the packet is not allowed"),
                new Case("packet_handed_to_csum_diff", ProgramType.XDP,
                        xdpPacket().mov64(R4, R2).add64(R4, 14).mov64(R0, 1).jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R3, R2).mov64(R1, 0).mov64(R2, 0).mov64(R4, 4).mov64(R5, 0).call(28) // bpf_csum_diff
                                .mov64(R0, 2).label("out").exit().build(),
                        null),
                new Case("packet_as_context_of_helper_without_packet_access", ProgramType.SCHED_CLS,
                        new Assembler().load(Size.W, R2, R1, 76).load(Size.W, R3, R1, 80)
                                .mov64(R4, R2).add64(R4, 14).mov64(R0, 0).jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R1, R2).mov64(R2, 0).mov64(R3, R10).add64(R3, -8).mov64(R4, 4).call(26) // bpf_skb_load_bytes
                                .mov64(R0, 0).label("out").exit().build(),
                        "helper access to the packet is not allowed"),
                new Case("packet_as_context_of_socket_lookup", ProgramType.SCHED_CLS,
                        new Assembler().load(Size.W, R2, R1, 76).load(Size.W, R3, R1, 80)
                                .mov64(R4, R2).add64(R4, 14).mov64(R0, 0).jump(JumpOp.JGT, R4, R3, "out")
                                .mov64(R1, R2).mov64(R3, 12).mov64(R4, 0).mov64(R5, 0).call(84) // bpf_sk_lookup_tcp has pkt_access
                                .mov64(R0, 0).label("out").exit().build(),
                        "R1 type=pkt expected=ctx"),
                new Case("current_cgroup_classid_in_xdp_reads_no_argument", ProgramType.XDP,
                        new Assembler().call(5).call(17).mov64(R0, 2).exit().build(), null),
                new Case("skb_cgroup_classid_in_tc_reads_the_context", ProgramType.SCHED_CLS,
                        new Assembler().call(5).call(17).mov64(R0, 0).exit().build(), "R1 !read_ok"),
                new Case("helper_that_may_sleep_in_tc", ProgramType.SCHED_CLS,
                        new Assembler().mov64(R1, R10).add64(R1, -8).mov64(R2, 8).mov64(R3, 0).call(148) // bpf_copy_from_user
                                .mov64(R0, 0).exit().build(),
                        "helper call might sleep in a non-sleepable prog"),
                new Case("check_mtu_length_misaligned_on_stack", ProgramType.XDP,
                        new Assembler().store(Size.DW, R10, -8, 0).mov64(R3, R10).add64(R3, -6).mov64(R2, 0).mov64(R4, 0).mov64(R5, 0)
                                .call(163) // bpf_check_mtu: a fixed-size, aligned u32 written
                                .mov64(R0, 2).exit().build(),
                        "misaligned stack access off 0+-6+0 size 4"),
                new Case("check_mtu_length_aligned_on_stack", ProgramType.XDP,
                        new Assembler().store(Size.DW, R10, -8, 0).mov64(R3, R10).add64(R3, -4).mov64(R2, 0).mov64(R4, 0).mov64(R5, 0)
                                .call(163)
                                .mov64(R0, 2).exit().build(),
                        null),
                new Case("xdp_adjust_meta_in_xdp", ProgramType.XDP,
                        new Assembler().mov64(R2, 0).call(54).mov64(R0, 2).exit().build(), null),
                new Case("unknown_helper", ProgramType.XDP,
                        new Assembler().call(300).mov64(R0, 0).exit().build(), "invalid func unknown#300"),
                new Case("frame_pointer_write", ProgramType.XDP,
                        new Assembler().mov64(R10, 0).mov64(R0, 0).exit().build(), "frame pointer is read only"),
                new Case("frame_pointer_write_in_dead_code", ProgramType.XDP,
                        new Assembler().mov64(R0, 2).jump(JumpOp.JEQ, R0, 2, "out").mov64(R10, 0).label("out").exit().build(), null),
                new Case("stack_write_above_frame", ProgramType.XDP,
                        new Assembler().store(Size.DW, R10, 8, 0).mov64(R0, 0).exit().build(), "invalid write to stack R10 off=8 size=8"),
                new Case("stack_write_below_frame", ProgramType.XDP,
                        new Assembler().store(Size.DW, R10, -520, 0).mov64(R0, 0).exit().build(), "invalid write to stack R10 off=-520 size=8"),
                new Case("misaligned_stack_access", ProgramType.XDP,
                        new Assembler().store(Size.W, R10, -6, 0).mov64(R0, 0).exit().build(), "misaligned stack access off 0+0+-6 size 4"),
                new Case("uninitialised_stack_read_as_root", ProgramType.XDP,
                        new Assembler().load(Size.DW, R0, R10, -8).exit().build(), null),
                new Case("context_field_too_narrow", ProgramType.XDP,
                        new Assembler().load(Size.H, R0, R1, 0).exit().build(), "invalid bpf_context access off=0 size=2"),
                new Case("context_write_in_xdp", ProgramType.XDP,
                        new Assembler().store(Size.W, R1, 12, 0).mov64(R0, 0).exit().build(), "invalid bpf_context access off=12 size=4"),
                new Case("modified_context_pointer", ProgramType.XDP,
                        new Assembler().add64(R1, 4).load(Size.W, R0, R1, 0).exit().build(), "dereference of modified ctx ptr R1 off=4 disallowed"),
                new Case("skb_mark_write_in_socket_filter", ProgramType.SOCKET_FILTER,
                        new Assembler().store(Size.W, R1, 8, 1).mov64(R0, 0).exit().build(), "invalid bpf_context access off=8 size=4"),
                new Case("skb_mark_write_in_tc", ProgramType.SCHED_CLS,
                        new Assembler().store(Size.W, R1, 8, 1).mov64(R0, 0).exit().build(), null),
                new Case("bounded_loop", ProgramType.XDP,
                        new Assembler().mov64(R0, 0).mov64(R1, 0).label("loop").alu64(AluOp.ADD, R0, R1).add64(R1, 1)
                                .jump(JumpOp.JLT, R1, 100, "loop").mov64(R0, 2).exit().build(), null),
                new Case("loop_without_progress", ProgramType.XDP,
                        new Assembler().load(Size.W, R2, R1, 16).label("loop").jump(JumpOp.JNE, R2, 0, "loop").mov64(R0, 2).exit().build(),
                        "infinite loop detected at insn 1"),
                new Case("unreachable_instruction", ProgramType.XDP,
                        new Assembler().mov64(R0, 2).exit().mov64(R0, 1).exit().build(), "unreachable insn 2"),
                new Case("loop_beyond_the_complexity_limit", ProgramType.XDP,
                        new Assembler().mov64(R0, 0).label("loop").add64(R0, 1).jump(JumpOp.JNE, R0, 0, "loop").exit().build(),
                        "BPF program is too large"),
                new Case("bounds_checked_index_into_stack_buffer", ProgramType.XDP,
                        xdpPacket().mov64(R4, R2).add64(R4, 1).mov64(R0, 1)
                                .jump(JumpOp.JGT, R4, R3, "out")
                                .load(Size.B, R0, R2, 0)
                                .jump(JumpOp.JGT, R0, 7, "out")
                                .store(Size.DW, R10, -8, 0)
                                .mov64(R1, R10).add64(R1, -8).alu64(AluOp.ADD, R1, R0)
                                .load(Size.B, R0, R1, 0)
                                .label("out").exit().build(),
                        null),
                new Case("division_by_immediate_zero", ProgramType.XDP,
                        new Assembler().mov64(R0, 7).alu64(AluOp.DIV, R0, 0).exit().build(), "div by zero"),
                new Case("thirty_two_bit_modulo_by_immediate_zero", ProgramType.XDP,
                        new Assembler().mov64(R0, 7).alu32(AluOp.MOD, R0, 0).exit().build(), "div by zero"),
                new Case("division_by_register_holding_zero", ProgramType.XDP,
                        new Assembler().mov64(R0, 7).mov64(R1, 0).alu64(AluOp.DIV, R0, R1).exit().build(), null),
                new Case("division_by_immediate_zero_in_dead_code", ProgramType.XDP,
                        new Assembler().mov64(R0, 2).jump(JumpOp.JEQ, R0, 2, "out").alu64(AluOp.DIV, R0, 0)
                                .label("out").exit().build(), null),
                new Case("shift_by_sixty_four", ProgramType.XDP,
                        new Assembler().mov64(R0, 1).alu64(AluOp.LSH, R0, 64).exit().build(), "invalid shift 64"),
                new Case("thirty_two_bit_shift_by_thirty_two", ProgramType.XDP,
                        new Assembler().mov64(R0, 1).alu32(AluOp.RSH, R0, 32).exit().build(), "invalid shift 32"),
                new Case("negative_arithmetic_shift", ProgramType.XDP,
                        new Assembler().mov64(R0, 1).alu64(AluOp.ARSH, R0, -1).exit().build(), "invalid shift -1"),
                new Case("thirty_two_bit_shift_by_thirty_one", ProgramType.XDP,
                        new Assembler().mov64(R0, 1).alu32(AluOp.LSH, R0, 31).exit().build(), null),
                new Case("cgroup_skb_ingress_returns_two", ProgramType.CGROUP_SKB,
                        new Assembler().mov64(R0, 2).exit().build(),
                        "At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]"),
                new Case("cgroup_skb_ingress_returns_minus_one", ProgramType.CGROUP_SKB,
                        new Assembler().mov64(R0, -1).exit().build(),
                        "At program exit the register R0 has smin=-1 smax=-1 should have been in [0, 1]"),
                new Case("cgroup_skb_ingress_returns_packet_length", ProgramType.CGROUP_SKB,
                        new Assembler().load(Size.W, R0, R1, 0).exit().build(),
                        "At program exit the register R0 has smin=0 smax=4294967295 should have been in [0, 1]"),
                new Case("cgroup_skb_returns_context", ProgramType.CGROUP_SKB,
                        new Assembler().mov64(R0, R1).exit().build(), "At program exit the register R0 is not a known value (ctx)"),
                new Case("cgroup_skb_ingress_returns_one", ProgramType.CGROUP_SKB,
                        new Assembler().mov64(R0, 1).exit().build(), null),
                new Case("cgroup_skb_returns_length_checked_at_most_one", ProgramType.CGROUP_SKB,
                        new Assembler().load(Size.W, R0, R1, 0).jump(JumpOp.JLE, R0, 1, "out").mov64(R0, 0)
                                .label("out").exit().build(), null),
                new Case("jump_out_of_range", ProgramType.XDP,
                        List.of(Instruction.of(Opcode.JA, 0, 0, 5, 0), Instruction.of(Opcode.EXIT, 0, 0, 0, 0)),
                        "jump out of range from insn 0 to 6"),
                new Case("falls_off_the_end", ProgramType.XDP,
                        new Assembler().mov64(R0, 0).build(), "last insn is not an exit or jmp"));
    }
}
