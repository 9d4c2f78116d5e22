package org.ebpftest.runtime.elf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Corrupts a copy of a real object the way damaged or hostile files are: bit flips, truncation,
 * and values that sit on boundaries written into the ELF header, the section table, symbols,
 * relocations, BTF, BTF.ext and instructions. Each mutation is described, so a failing case says
 * what was done to which bytes.
 */
final class ElfMutator {
    private static final long[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000L, 0xffffffffL, 0xffff, 8, 0x1000, 24, 64,
        Long.MIN_VALUE, Long.MAX_VALUE, 0xff00000000000040L, 0x100000000L, -8, 7};
    private static final int SECTION_HEADER = 64;
    private static final int SYMBOL = 24;
    private static final int RELOCATION = 16;
    private static final int INSTRUCTION = 8;

    private ElfMutator() {
    }

    /** The mutated copy; its description is appended to {@code what}. */
    static byte[] mutate(byte[] original, Random random, StringBuilder what) {
        ElfLayout elf = new ElfLayout(original);
        byte[] bytes = original.clone();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            if (!what.isEmpty()) {
                what.append("; ");
            }
            bytes = once(bytes, elf, random, what);
        }
        return bytes;
    }

    private static byte[] once(byte[] bytes, ElfLayout elf, Random random, StringBuilder what) {
        switch (random.nextInt(12)) {
            case 0 -> {
                int length = random.nextInt(bytes.length + 1);
                what.append("truncate to ").append(length);
                return Arrays.copyOf(bytes, length);
            }
            case 1 -> {
                return write(bytes, random.nextInt(64), elf, random, what.append("header: "));
            }
            case 2 -> {
                // one field of one section header: name, type, flags, offset, size, link, info, alignment, entry size
                int[] fields = {0, 4, 8, 24, 32, 40, 44, 48, 56};
                int at = elf.shoff + random.nextInt(elf.shnum) * SECTION_HEADER + fields[random.nextInt(fields.length)];
                return write(bytes, at, elf, random, what.append("section header field: "));
            }
            case 3 -> {
                int[] fields = {0, 4, 5, 6, 8, 16};
                return field(bytes, elf, ".symtab", SYMBOL, fields, random, what.append("symbol field: "));
            }
            case 4 -> {
                int[] fields = {0, 8, 12};
                return field(bytes, elf, elf.relocationSection(random), RELOCATION, fields, random, what.append("relocation field: "));
            }
            case 5, 6 -> {
                return write(bytes, region(elf, random.nextBoolean() ? ".BTF" : ".BTF.ext", random), elf, random, what.append("BTF: "));
            }
            case 7, 8 -> {
                int[] fields = {0, 1, 2, 4};
                return field(bytes, elf, elf.codeSection(random), INSTRUCTION, fields, random, what.append("instruction field: "));
            }
            case 9 -> {
                int at = random.nextInt(bytes.length);
                int bit = random.nextInt(8);
                bytes[at] ^= (byte) (1 << bit);
                what.append("flip bit ").append(bit).append(" of byte ").append(at);
                return bytes;
            }
            case 10 -> {
                // a run of bytes copied over another place: duplicated entries, overlapping tables
                int from = random.nextInt(bytes.length);
                int to = random.nextInt(bytes.length);
                int n = Math.min(1 + random.nextInt(64), Math.min(bytes.length - from, bytes.length - to));
                System.arraycopy(bytes.clone(), from, bytes, to, n);
                what.append("copy ").append(n).append(" bytes from ").append(from).append(" to ").append(to);
                return bytes;
            }
            default -> {
                return write(bytes, region(elf, elf.codeSection(random), random), elf, random, what.append("code: "));
            }
        }
    }

    private static byte[] field(byte[] bytes, ElfLayout elf, String section, int entry, int[] fields, Random random, StringBuilder what) {
        int index = section == null ? -1 : elf.section(section);
        if (index < 0 || elf.size(index) < entry) {
            what.append("none (no ").append(section).append(')');
            return bytes;
        }
        int at = elf.offset(index) + random.nextInt(elf.size(index) / entry) * entry + fields[random.nextInt(fields.length)];
        return write(bytes, at, elf, random, what.append(section).append(' '));
    }

    /** A bit flip, or a boundary value of 1, 2, 4 or 8 bytes in the file's byte order. */
    private static byte[] write(byte[] bytes, int at, ElfLayout elf, Random random, StringBuilder what) {
        if (at < 0 || at >= bytes.length) {
            what.append("none");
            return bytes;
        }
        if (random.nextInt(3) == 0) {
            int bit = random.nextInt(8);
            bytes[at] ^= (byte) (1 << bit);
            what.append("flip bit ").append(bit).append(" of byte ").append(at);
            return bytes;
        }
        int width = 1 << random.nextInt(4);
        width = Math.min(width, Integer.highestOneBit(bytes.length - at));
        long value = random.nextInt(4) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(elf.buf.order());
        switch (width) {
            case 1 -> buf.put(at, (byte) value);
            case 2 -> buf.putShort(at, (short) value);
            case 4 -> buf.putInt(at, (int) value);
            default -> buf.putLong(at, value);
        }
        what.append("write ").append(width).append(" bytes 0x").append(Long.toHexString(value)).append(" at ").append(at);
        return bytes;
    }

    private static int region(ElfLayout elf, String section, Random random) {
        int index = section == null ? -1 : elf.section(section);
        if (index < 0 || elf.size(index) <= 0) {
            return -1;
        }
        return elf.offset(index) + random.nextInt(elf.size(index));
    }
}
