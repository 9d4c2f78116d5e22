package org.ebpftest.runtime.isa;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * Turns bytecode into {@link Instruction}s and back. Both byte orders are read: in big-endian
 * objects ({@code -target bpfeb}) the register nibbles are swapped and the offset and immediates
 * are big-endian.
 */
public final class InstructionCodec {
    /** The size of one instruction slot in bytes. */
    public static final int SLOT_SIZE = 8;

    private InstructionCodec() {
    }

    /** Decodes little-endian bytecode. */
    public static List<Instruction> decode(byte[] code) {
        return decode(code, 0, code.length, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Decodes {@code length} bytes of bytecode starting at {@code from}.
     *
     * @throws MalformedObjectException if the length is not a multiple of 8 or a {@code lddw} is
     *     cut off by the end of the code
     */
    public static List<Instruction> decode(byte[] code, int from, int length, ByteOrder order) {
        if (from < 0 || length < 0 || from > code.length - length) {
            throw new IllegalArgumentException("range " + from + "+" + length + " outside " + code.length + " bytes");
        }
        if (length % SLOT_SIZE != 0) {
            throw new MalformedObjectException("bytecode length " + length + " is not a multiple of " + SLOT_SIZE);
        }
        boolean big = order == ByteOrder.BIG_ENDIAN;
        List<Instruction> out = new ArrayList<>(length / SLOT_SIZE);
        int slots = length / SLOT_SIZE;
        for (int slot = 0; slot < slots; slot++) {
            int at = from + slot * SLOT_SIZE;
            int opcode = code[at] & 0xff;
            int regs = code[at + 1] & 0xff;
            int dst = big ? regs >>> 4 : regs & 0x0f;
            int src = big ? regs & 0x0f : regs >>> 4;
            int offset = (short) read(code, at + 2, 2, big);
            int imm = (int) read(code, at + 4, 4, big);
            int nextImm = 0;
            if (opcode == Opcode.LDDW.code()) {
                if (slot + 1 >= slots) {
                    throw new MalformedObjectException("lddw at slot " + slot + " is missing its second slot");
                }
                nextImm = (int) read(code, at + SLOT_SIZE + 4, 4, big);
                slot++;
            }
            out.add(new Instruction(opcode, dst, src, offset, imm, nextImm));
        }
        return Collections.unmodifiableList(out);
    }

    /** Encodes instructions as little-endian bytecode. */
    public static byte[] encode(List<Instruction> instructions) {
        return encode(instructions, ByteOrder.LITTLE_ENDIAN);
    }

    /** Encodes instructions in the given byte order. */
    public static byte[] encode(List<Instruction> instructions, ByteOrder order) {
        boolean big = order == ByteOrder.BIG_ENDIAN;
        int slots = 0;
        for (Instruction insn : instructions) {
            slots += insn.slots();
        }
        byte[] out = new byte[slots * SLOT_SIZE];
        int at = 0;
        for (Instruction insn : instructions) {
            out[at] = (byte) insn.opcode();
            out[at + 1] = (byte) (big ? insn.dst() << 4 | insn.src() : insn.src() << 4 | insn.dst());
            write(out, at + 2, 2, insn.offset(), big);
            write(out, at + 4, 4, insn.imm(), big);
            at += SLOT_SIZE;
            if (insn.isWide()) {
                write(out, at + 4, 4, insn.nextImm(), big);
                at += SLOT_SIZE;
            }
        }
        return out;
    }

    /** Parses bytecode written as hex, with or without spaces between bytes. */
    public static List<Instruction> decodeHex(String hex) {
        return decode(Hex.parse(hex));
    }

    private static long read(byte[] b, int at, int n, boolean big) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int shift = big ? (n - 1 - i) * 8 : i * 8;
            v |= (long) (b[at + i] & 0xff) << shift;
        }
        return v;
    }

    private static void write(byte[] b, int at, int n, long v, boolean big) {
        for (int i = 0; i < n; i++) {
            int shift = big ? (n - 1 - i) * 8 : i * 8;
            b[at + i] = (byte) (v >>> shift);
        }
    }
}
