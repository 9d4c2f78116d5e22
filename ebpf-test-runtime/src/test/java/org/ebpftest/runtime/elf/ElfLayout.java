package org.ebpftest.runtime.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Just enough of an ELF reader to aim the corruption; independent of the code under test. */
final class ElfLayout {
    final ByteBuffer buf;
    final int shoff;
    final int shnum;
    final List<String> names = new ArrayList<>();

    ElfLayout(byte[] bytes) {
        buf = ByteBuffer.wrap(bytes.clone()).order(bytes[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
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
