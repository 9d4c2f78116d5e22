package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.MalformedObjectException;
import org.junit.jupiter.api.Test;

/**
 * Bad input: hand-made faults give messages that read like a path. Corrupted copies of the real
 * objects in bulk are {@link ElfFuzzTest}'s work.
 */
class CorruptedObjectTest {
    @Test
    void namesTheSymbolARelocationRefersToWhenItIsNotAMap() {
        // given maps.o whose first program relocation is turned to point at the license symbol
        byte[] bytes = TestObjects.bytes("maps.o");
        ElfLayout elf = new ElfLayout(bytes);
        int rel = elf.section(".relxdp");
        int license = elf.symbol("LICENSE");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long info = buf.getLong(elf.offset(rel) + 8);
        buf.putLong(elf.offset(rel) + 8, ((long) license << 32) | (info & 0xffffffffL));

        // then the message is a path from the file to the relocation and the symbol
        assertThatThrownBy(() -> ObjectSpec.parse("maps.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessage("maps.o: section \".relxdp\": relocation 0: symbol \"LICENSE\" in section \"license\" at offset 0"
                        + " is not a map or global variable");
    }

    @Test
    void namesAnUnknownRelocationType() {
        byte[] bytes = TestObjects.bytes("globals.o");
        ElfLayout elf = new ElfLayout(bytes);
        int rel = elf.section(".relxdp");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(elf.offset(rel) + 16 * 2 + 8, 77);

        assertThatThrownBy(() -> ObjectSpec.parse("globals.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageStartingWith("globals.o: section \".relxdp\": relocation 2: unsupported relocation type 77 against symbol \"drops\"");
    }

    @Test
    void printsASectionOffsetAboveTwoToThe63Unsigned() {
        // given programs.o whose last section header has sh_offset 0xff00000000000040
        byte[] bytes = TestObjects.bytes("programs.o");
        ElfLayout elf = new ElfLayout(bytes);
        int last = elf.shnum - 1;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(elf.shoff + last * 64 + 24, 0xff00000000000040L);

        // then the offset reads as the unsigned number in the file, never as a negative one
        assertThatThrownBy(() -> ObjectSpec.parse("programs.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessage("programs.o: section " + last + ": " + elf.size(last) + " bytes at offset 18374686479671623744 run past the end of the file ("
                        + bytes.length + " bytes)");
    }

    @Test
    void refusesFilesThatAreNotBpfObjects() {
        assertThatThrownBy(() -> ObjectSpec.parse("empty.o", new byte[0]))
                .isInstanceOf(MalformedObjectException.class).hasMessage("empty.o: not an ELF file");
        byte[] x86 = TestObjects.bytes("programs.o");
        x86[18] = 62;
        assertThatThrownBy(() -> ObjectSpec.parse("x86.o", x86))
                .isInstanceOf(MalformedObjectException.class).hasMessage("x86.o: not a BPF object (machine 62)");
    }

    @Test
    void namesTheMapFieldItDoesNotKnow() {
        // given maps.o with the BTF name "max_entries" renamed to "max_entriez"
        byte[] bytes = TestObjects.bytes("maps.o");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        ElfLayout elf = new ElfLayout(bytes);
        int at = text.indexOf("max_entries\0", elf.offset(elf.section(".BTF")));
        bytes[at + 10] = 'z';

        assertThatThrownBy(() -> ObjectSpec.parse("maps.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageMatching("maps.o: section \"\\.maps\": map \"\\w+\": unknown field \"max_entriez\"");
    }
}
