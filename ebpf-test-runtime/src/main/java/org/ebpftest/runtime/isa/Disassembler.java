package org.ebpftest.runtime.isa;

import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Prints instructions in the syntax of {@code llvm-objdump -d} for BPF (LLVM 19), the text people
 * read every day: {@code r0 = *(u32 *)(r1 + 0x4)}, {@code if w1 s> 0x5 goto +0x2}.
 *
 * <p>Three deliberate differences: 32-bit atomics print as LLVM prints them with
 * {@code --mattr=+alu32} ({@code w2 = atomic_fetch_add((u32 *)(r1 + 0x0), w2)}), because the
 * default decoder shows every one of them as a plain {@code lock ... +=}; a legacy indirect packet
 * load prints its immediate ({@code skb[r1 + 0xc]}) where LLVM drops it; and the load-acquire and
 * store-release atomics, which LLVM 19 cannot decode, print in the syntax later LLVM versions use.
 */
public final class Disassembler {

    private Disassembler() {
    }

    /** One instruction as text. */
    public static String format(Instruction insn) {
        Opcode op = insn.op();
        if (op == null) {
            return "<unknown>";
        }
        return switch (insn.instructionClass()) {
            case ALU, ALU64 -> alu(insn);
            case JMP, JMP32 -> jump(insn);
            case LD -> ld(insn);
            case LDX -> ldx(insn);
            case ST -> "*(" + Size.of(insn.opcode()).unsignedType() + " *)" + address(insn.dst(), insn.offset()) + " = " + hex(insn.imm());
            case STX -> stx(insn);
        };
    }

    /**
     * A listing in {@code llvm-objdump -d} layout: slot number, the instruction's bytes, its text.
     * {@code sourceLines} gives, for a slot, the source text to print above it, or null.
     */
    public static String listing(List<Instruction> instructions, IntFunction<String> sourceLines) {
        return listing(instructions, sourceLines, Disassembler::format);
    }

    /**
     * A listing whose instruction text comes from {@code text}, so that a caller who knows more
     * (the names of maps a {@code lddw} refers to) can print it.
     */
    public static String listing(List<Instruction> instructions, IntFunction<String> sourceLines, Function<Instruction, String> text) {
        StringBuilder out = new StringBuilder();
        int slot = 0;
        for (Instruction insn : instructions) {
            String source = sourceLines == null ? null : sourceLines.apply(slot);
            if (source != null) {
                out.append("; ").append(source).append('\n');
            }
            byte[] bytes = InstructionCodec.encode(List.of(insn), ByteOrder.LITTLE_ENDIAN);
            out.append(String.format("%8d:\t", slot)).append(Hex.formatSpaced(bytes)).append('\t').append(text.apply(insn)).append('\n');
            slot += insn.slots();
        }
        return out.toString();
    }

    /** A listing without source lines. */
    public static String listing(List<Instruction> instructions) {
        return listing(instructions, null);
    }

    private static String alu(Instruction insn) {
        boolean wide = insn.instructionClass() == InstructionClass.ALU64;
        String dst = reg(insn.dst(), wide);
        AluOp op = AluOp.of(insn.opcode());
        String operand = Source.of(insn.opcode()) == Source.K ? hex(insn.imm()) : reg(insn.src(), wide);
        switch (op) {
            case NEG:
                return dst + " = -" + dst;
            case END: {
                String kind = wide ? "bswap" : Source.of(insn.opcode()) == Source.K ? "le" : "be";
                String r = reg(insn.dst(), true);
                return r + " = " + kind + insn.imm() + " " + r;
            }
            case MOV:
                if (wide && Source.of(insn.opcode()) == Source.X && insn.offset() == 1) {
                    // llvm-objdump's spelling: addr_space_cast(src, dst_as, src_as)
                    return dst + " = addr_space_cast(" + reg(insn.src(), true) + ", 0x" + Integer.toHexString(insn.imm() >>> 16)
                            + ", 0x" + Integer.toHexString(insn.imm() & 0xffff) + ")";
                }
                if (Source.of(insn.opcode()) == Source.X && insn.offset() != 0) {
                    return dst + " = (s" + insn.offset() + ")" + reg(insn.src(), wide);
                }
                return dst + " = " + operand;
            case DIV:
            case MOD:
                return dst + (insn.offset() == 1 ? " s" : " ") + op.operator() + " " + operand;
            default:
                return dst + " " + op.operator() + " " + operand;
        }
    }

    private static String jump(Instruction insn) {
        JumpOp op = JumpOp.of(insn.opcode());
        boolean wide = insn.instructionClass() == InstructionClass.JMP;
        switch (op) {
            case JA:
                return wide ? "goto " + signedHex(insn.offset()) : "gotol " + signedHex(insn.imm());
            case CALL:
                if (Source.of(insn.opcode()) == Source.X) {
                    return "callx " + reg(insn.dst(), true);
                }
                return "call " + hex(insn.imm());
            case EXIT:
                return "exit";
            case JCOND:
                return "may_goto " + signedHex(insn.offset());
            default:
                String operand = Source.of(insn.opcode()) == Source.K ? hex(insn.imm()) : reg(insn.src(), wide);
                return "if " + reg(insn.dst(), wide) + " " + op.operator() + " " + operand + " goto " + signedHex(insn.offset());
        }
    }

    private static String ld(Instruction insn) {
        Mode mode = Mode.of(insn.opcode());
        if (mode == Mode.IMM) {
            if (insn.src() != 0) {
                return "ld_pseudo\t" + reg(insn.dst(), true) + ", " + hex(insn.src()) + ", " + hex(insn.imm());
            }
            return reg(insn.dst(), true) + " = " + hex(insn.constant()) + " ll";
        }
        String type = Size.of(insn.opcode()).unsignedType();
        if (mode == Mode.ABS) {
            return "r0 = *(" + type + " *)skb[" + hex(insn.imm()) + "]";
        }
        String index = reg(insn.src(), true);
        if (insn.imm() != 0) {
            index += (insn.imm() < 0 ? " - " : " + ") + hex(Math.abs((long) insn.imm()));
        }
        return "r0 = *(" + type + " *)skb[" + index + "]";
    }

    private static String ldx(Instruction insn) {
        Size size = Size.of(insn.opcode());
        String type = Mode.of(insn.opcode()) == Mode.MEMSX ? size.signedType() : size.unsignedType();
        return reg(insn.dst(), true) + " = *(" + type + " *)" + address(insn.src(), insn.offset());
    }

    private static String stx(Instruction insn) {
        Size size = Size.of(insn.opcode());
        if (Mode.of(insn.opcode()) != Mode.ATOMIC) {
            return "*(" + size.unsignedType() + " *)" + address(insn.dst(), insn.offset()) + " = " + reg(insn.src(), true);
        }
        AtomicOp op = AtomicOp.of(insn.imm());
        if (op == null) {
            return "<unknown>";
        }
        boolean wide = size == Size.DW;
        String ptr = "(" + size.unsignedType() + " *)" + address(insn.dst(), insn.offset());
        String src = reg(insn.src(), wide);
        String bare = reg(insn.dst(), true) + (insn.offset() < 0 ? " - " : " + ") + hex(Math.abs(insn.offset()));
        switch (op) {
            case ADD, OR, AND, XOR:
                return "lock *" + ptr + " " + op.symbol() + " " + src;
            case FETCH_ADD, FETCH_OR, FETCH_AND, FETCH_XOR:
                return src + " = atomic_fetch_" + op.symbol() + "(" + ptr + ", " + src + ")";
            case XCHG:
                return src + " = " + (wide ? "xchg_64(" : "xchg32_32(") + bare + ", " + src + ")";
            case CMPXCHG:
                return reg(0, wide) + " = " + (wide ? "cmpxchg_64(" : "cmpxchg32_32(") + bare + ", " + reg(0, wide) + ", " + src + ")";
            case LOAD_ACQUIRE:
                return reg(insn.dst(), wide) + " = load_acquire((" + size.unsignedType() + " *)" + address(insn.src(), insn.offset()) + ")";
            case STORE_RELEASE:
                return "store_release(" + ptr + ", " + src + ")";
            default:
                return "<unknown>";
        }
    }

    private static String address(int reg, int offset) {
        return "(" + reg(reg, true) + (offset < 0 ? " - " : " + ") + hex(Math.abs(offset)) + ")";
    }

    static String reg(int r, boolean wide) {
        return (wide ? "r" : "w") + r;
    }

    /** Hex the way LLVM prints immediates: {@code 0x5}, {@code -0xd}. */
    static String hex(long v) {
        if (v == Long.MIN_VALUE) {
            return "-0x8000000000000000";
        }
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    private static String signedHex(long v) {
        return v < 0 ? hex(v) : "+" + hex(v);
    }
}
