package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.MalformedObjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input: hand-made faults give messages that read like a path, and thousands of corrupted
 * copies of the real objects give only {@link MalformedObjectException} or a successful load.
 */
class CorruptedObjectTest {
    private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 8, 0x1000, 24, 64};

    @Test
    void namesTheSymbolARelocationRefersToWhenItIsNotAMap() {
        // given maps.o whose first program relocation is turned to point at the license symbol
        byte[] bytes = TestObjects.bytes("maps.o");
        Elf elf = new Elf(bytes);
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
        Elf elf = new Elf(bytes);
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
        Elf elf = new Elf(bytes);
        int last = elf.shnum - 1;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(elf.shoff + last * 64 + 24, 0xff00000000000040L);

        // then the offset reads as the unsigned number in the file, never as a negative one
        assertThatThrownBy(() -> ObjectSpec.parse("programs.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageStartingWith("programs.o: section " + last + ": ")
                .hasMessageContaining(" bytes at offset 18374686479671623744 run past the end of the file")
                .hasMessageNotContaining("-");
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
        Elf elf = new Elf(bytes);
        int at = text.indexOf("max_entries\0", elf.offset(elf.section(".BTF")));
        bytes[at + 10] = 'z';

        assertThatThrownBy(() -> ObjectSpec.parse("maps.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageMatching("maps.o: section \"\\.maps\": map \"\\w+\": unknown field \"max_entriez\"");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptedObjectsLoadOrFailOnlyWithMalformedObjectException() {
        // given every committed object and a fixed seed
        Random random = new Random(20240601L);
        int loaded = 0;
        int refused = 0;
        List<String> escaped = new ArrayList<>();
        for (String name : TestObjects.LOADABLE) {
            byte[] original = TestObjects.bytes(name);
            Elf elf = new Elf(original);
            for (int round = 0; round < 400; round++) {
                // when a copy is truncated or has header, section table, symbol, relocation or BTF bytes changed
                byte[] bytes = original.clone();
                String what = mutate(bytes, elf, random);
                if (what.startsWith("truncate")) {
                    bytes = Arrays.copyOf(bytes, Integer.parseInt(what.substring(9)));
                }
                try {
                    ObjectSpec.parse(name, bytes);
                    loaded++;
                } catch (MalformedObjectException e) {
                    assertThat(e.getMessage()).startsWith(name + ": ");
                    refused++;
                } catch (RuntimeException | StackOverflowError e) {
                    escaped.add(name + " " + what + ": " + e);
                }
            }
        }

        // then nothing but MalformedObjectException ever comes out, and both outcomes happen
        assertThat(escaped).isEmpty();
        assertThat(refused).isGreaterThan(1000);
        assertThat(loaded).isGreaterThan(100);
    }

    private static String mutate(byte[] bytes, Elf elf, Random random) {
        int choice = random.nextInt(8);
        int at;
        switch (choice) {
            case 0 -> {
                return "truncate " + random.nextInt(bytes.length);
            }
            case 1 -> at = random.nextInt(64);
            case 2 -> at = elf.shoff + random.nextInt(elf.shnum * 64);
            case 3 -> at = region(elf, ".symtab", random);
            case 4 -> at = region(elf, elf.relocationSection(random), random);
            case 5 -> at = region(elf, ".BTF", random);
            case 6 -> at = region(elf, ".BTF.ext", random);
            default -> at = region(elf, elf.codeSection(random), random);
        }
        if (at < 0 || at + 4 > bytes.length) {
            return "none";
        }
        if (random.nextBoolean()) {
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            return "flip byte " + at;
        }
        int value = INTERESTING[random.nextInt(INTERESTING.length)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return "write " + value + " at " + at;
    }

    private static int region(Elf elf, String section, Random random) {
        int index = section == null ? -1 : elf.section(section);
        if (index < 0 || elf.size(index) == 0) {
            return -1;
        }
        return elf.offset(index) + random.nextInt(elf.size(index));
    }

    /** Just enough of an ELF reader to aim the corruption; independent of the code under test. */
    private static final class Elf {
        final ByteBuffer buf;
        final int shoff;
        final int shnum;
        final List<String> names = new ArrayList<>();

        Elf(byte[] bytes) {
            buf = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
            shoff = (int) buf.getLong(0x28);
            shnum = buf.getShort(0x3c);
            int strOffset = offset(buf.getShort(0x3e));
            for (int i = 0; i < shnum; i++) {
                int at = strOffset + buf.getInt(shoff + i * 64);
                StringBuilder name = new StringBuilder();
                while (buf.get(at) != 0) {
                    name.append((char) buf.get(at++));
                }
                names.add(name.toString());
            }
        }

        int section(String name) {
            return names.indexOf(name);
        }

        int offset(int index) {
            return (int) buf.getLong(shoff + index * 64 + 24);
        }

        int size(int index) {
            return buf.getInt(shoff + index * 64 + 4) == 8 ? 0 : (int) buf.getLong(shoff + index * 64 + 32);
        }

        int symbol(String name) {
            int symtab = section(".symtab");
            int strtab = buf.getInt(shoff + symtab * 64 + 40);
            for (int i = 0; i < size(symtab) / 24; i++) {
                int at = offset(strtab) + buf.getInt(offset(symtab) + i * 24);
                StringBuilder s = new StringBuilder();
                while (buf.get(at) != 0) {
                    s.append((char) buf.get(at++));
                }
                if (s.toString().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no symbol " + name);
        }

        String relocationSection(Random random) {
            List<String> rels = names.stream().filter(n -> n.startsWith(".rel") && !n.contains("debug")).toList();
            return rels.isEmpty() ? null : rels.get(random.nextInt(rels.size()));
        }

        String codeSection(Random random) {
            List<String> code = new ArrayList<>();
            for (int i = 0; i < shnum; i++) {
                if ((buf.getLong(shoff + i * 64 + 8) & 4) != 0 && size(i) > 0) {
                    code.add(names.get(i));
                }
            }
            return code.isEmpty() ? null : code.get(random.nextInt(code.size()));
        }
    }
}
