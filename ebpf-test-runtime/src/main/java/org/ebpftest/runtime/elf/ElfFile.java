package org.ebpftest.runtime.elf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * The parts of an ELF64 relocatable object for BPF that loading needs: section headers, the symbol
 * table and relocation entries. Every offset and size is checked against the file, so garbage
 * gives a {@link MalformedObjectException} rather than an index error.
 */
final class ElfFile {
    static final int SHT_PROGBITS = 1;
    static final int SHT_SYMTAB = 2;
    static final int SHT_NOBITS = 8;
    static final int SHT_REL = 9;
    static final long SHF_WRITE = 0x1;
    static final long SHF_EXECINSTR = 0x4;
    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int STT_SECTION = 3;
    static final int STB_LOCAL = 0;
    static final int SHN_UNDEF = 0;
    static final int SHN_LORESERVE = 0xff00;

    private static final int EM_BPF = 247;
    private static final int ET_REL = 1;
    private static final int HEADER_SIZE = 64;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final int SYMBOL_SIZE = 24;
    private static final int REL_SIZE = 16;

    /** A section header with its name resolved. */
    record Section(int index, String name, int type, long flags, long offset, long size, int link, int info) {
        boolean isExecutable() {
            return type == SHT_PROGBITS && (flags & SHF_EXECINSTR) != 0;
        }

        @Override
        public String toString() {
            return "section \"" + name + "\"";
        }
    }

    /** A symbol table entry with its name resolved; {@code other} holds its visibility. */
    record Symbol(int index, String name, int info, int other, int section, long value, long size) {
        int type() {
            return info & 0xf;
        }

        int binding() {
            return info >>> 4;
        }

        /** True for STV_INTERNAL and STV_HIDDEN: a symbol other objects cannot see. */
        boolean hidden() {
            int visibility = other & 3;
            return visibility == 1 || visibility == 2;
        }
    }

    /** A relocation entry ({@code Elf64_Rel}); BPF objects use no addends outside the instruction. */
    record Relocation(int index, long offset, int type, int symbol) {
    }

    private final byte[] data;
    private final ByteOrder order;
    private final List<Section> sections;
    private final List<Symbol> symbols;

    private ElfFile(byte[] data, ByteOrder order, List<Section> sections, List<Symbol> symbols) {
        this.data = data;
        this.order = order;
        this.sections = sections;
        this.symbols = symbols;
    }

    static ElfFile parse(byte[] data) {
        if (data.length < HEADER_SIZE || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new MalformedObjectException("not an ELF file");
        }
        if (data[4] != 2) {
            throw new MalformedObjectException("not a 64-bit ELF file (class " + data[4] + ")");
        }
        ByteOrder order = switch (data[5]) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new MalformedObjectException("unknown ELF byte order " + data[5]);
        };
        ElfFile header = new ElfFile(data, order, List.of(), List.of());
        int type = header.u16(16);
        int machine = header.u16(18);
        if (machine != EM_BPF) {
            throw new MalformedObjectException("not a BPF object (machine " + machine + ")");
        }
        if (type != ET_REL) {
            throw new MalformedObjectException("not a relocatable object (type " + type + ")");
        }
        long shoff = header.u64(0x28);
        int shentsize = header.u16(0x3a);
        int shnum = header.u16(0x3c);
        int shstrndx = header.u16(0x3e);
        if (shentsize != SECTION_HEADER_SIZE) {
            throw new MalformedObjectException("section header size " + shentsize + ", expected " + SECTION_HEADER_SIZE);
        }
        if (shnum == 0 || shstrndx >= shnum) {
            throw new MalformedObjectException("section table: " + shnum + " sections, names in section " + shstrndx);
        }
        header.check(shoff, (long) shnum * SECTION_HEADER_SIZE, "section table");
        long[][] raw = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            long at = shoff + (long) i * SECTION_HEADER_SIZE;
            raw[i] = new long[] {header.u32(at), header.u32(at + 4), header.u64(at + 8), header.u64(at + 24),
                header.u64(at + 32), header.u32(at + 40), header.u32(at + 44)};
            if (raw[i][1] != SHT_NOBITS && raw[i][1] != 0) {
                header.check(raw[i][3], raw[i][4], "section " + i);
            }
        }
        long[] names = raw[shstrndx];
        List<Section> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            String name = i == 0 ? "" : header.string(names[3], names[4], raw[i][0], "section " + i + " name");
            sections.add(new Section(i, name, (int) raw[i][1], raw[i][2], raw[i][3], raw[i][4], (int) raw[i][5], (int) raw[i][6]));
        }
        ElfFile withSections = new ElfFile(data, order, Collections.unmodifiableList(sections), List.of());
        return new ElfFile(data, order, withSections.sections, withSections.readSymbols());
    }

    private List<Symbol> readSymbols() {
        Section symtab = null;
        for (Section s : sections) {
            if (s.type() == SHT_SYMTAB) {
                if (symtab != null) {
                    throw new MalformedObjectException("more than one symbol table");
                }
                symtab = s;
            }
        }
        if (symtab == null) {
            throw new MalformedObjectException("no symbol table");
        }
        if (symtab.size() % SYMBOL_SIZE != 0) {
            throw new MalformedObjectException(symtab + ": size " + Long.toUnsignedString(symtab.size()) + " is not a multiple of " + SYMBOL_SIZE);
        }
        Section strtab = section(symtab.link(), symtab.toString());
        int count = (int) (symtab.size() / SYMBOL_SIZE);
        List<Symbol> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = symtab.offset() + (long) i * SYMBOL_SIZE;
            String name = string(strtab.offset(), strtab.size(), u32(at), "symbol " + i + " name");
            int shndx = u16(at + 6);
            out.add(new Symbol(i, name, data[(int) at + 4] & 0xff, data[(int) at + 5] & 0xff, shndx, u64(at + 8), u64(at + 16)));
        }
        return Collections.unmodifiableList(out);
    }

    ByteOrder order() {
        return order;
    }

    List<Section> sections() {
        return sections;
    }

    List<Symbol> symbols() {
        return symbols;
    }

    /** A section by index, for a reference from {@code what}. */
    Section section(int index, String what) {
        if (index <= 0 || index >= sections.size()) {
            throw new MalformedObjectException(what + ": refers to section " + index + ", which does not exist");
        }
        return sections.get(index);
    }

    /** A symbol by index, for a reference from {@code what}. */
    Symbol symbol(int index, String what) {
        if (index <= 0 || index >= symbols.size()) {
            throw new MalformedObjectException(what + ": refers to symbol " + index + ", which does not exist");
        }
        return symbols.get(index);
    }

    /** A section's contents; zeros for {@code SHT_NOBITS}. */
    byte[] contents(Section s) {
        if (s.type() == SHT_NOBITS) {
            if (s.size() > Integer.MAX_VALUE - 8 || s.size() > (64L << 20)) {
                throw new MalformedObjectException(s + ": size " + Long.toUnsignedString(s.size()) + " is too large");
            }
            return new byte[(int) s.size()];
        }
        check(s.offset(), s.size(), s.toString());
        return Arrays.copyOfRange(data, (int) s.offset(), (int) (s.offset() + s.size()));
    }

    /** The relocation entries of a {@code SHT_REL} section. */
    List<Relocation> relocations(Section rel) {
        if (rel.size() % REL_SIZE != 0) {
            throw new MalformedObjectException(rel + ": size " + Long.toUnsignedString(rel.size()) + " is not a multiple of " + REL_SIZE);
        }
        int count = (int) (rel.size() / REL_SIZE);
        List<Relocation> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = rel.offset() + (long) i * REL_SIZE;
            long info = u64(at + 8);
            out.add(new Relocation(i, u64(at), (int) info, (int) (info >>> 32)));
        }
        return out;
    }

    private void check(long at, long n, String what) {
        if (at < 0 || n < 0 || at > data.length || n > data.length - at) {
            throw new MalformedObjectException(what + ": " + Long.toUnsignedString(n) + " bytes at offset " + Long.toUnsignedString(at) + " run past the end of the file ("
                    + data.length + " bytes)");
        }
    }

    private String string(long tableOffset, long tableSize, long offset, String what) {
        check(tableOffset, tableSize, what + ": string table");
        if (offset < 0 || offset >= tableSize) {
            throw new MalformedObjectException(what + ": string offset " + Long.toUnsignedString(offset) + " outside the string table");
        }
        int from = (int) (tableOffset + offset);
        int end = (int) (tableOffset + tableSize);
        int i = from;
        while (i < end && data[i] != 0) {
            i++;
        }
        if (i == end) {
            throw new MalformedObjectException(what + ": string at " + Long.toUnsignedString(offset) + " is not terminated");
        }
        return new String(data, from, i - from, StandardCharsets.UTF_8);
    }

    private int u16(long at) {
        return (int) read(at, 2);
    }

    private long u32(long at) {
        return read(at, 4);
    }

    private long u64(long at) {
        return read(at, 8);
    }

    private long read(long at, int n) {
        check(at, n, "read");
        long v = 0;
        boolean big = order == ByteOrder.BIG_ENDIAN;
        for (int i = 0; i < n; i++) {
            int shift = big ? (n - 1 - i) * 8 : i * 8;
            v |= (long) (data[(int) at + i] & 0xff) << shift;
        }
        return v;
    }
}
