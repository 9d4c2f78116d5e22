package org.ebpftest.runtime.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionCodec;

/**
 * Writes raw programs into the smallest relocatable ELF object libbpf loads: one code section
 * holding every program as a global function, a GPL license section, and the symbol and string
 * tables. Only programs without maps or calls to other functions fit, which is what the
 * differential tests need.
 */
final class MinimalElfWriter {
    private static final int EM_BPF = 247;

    private MinimalElfWriter() {
    }

    /** The object bytes: {@code programs} maps function names to their code, all in {@code section}. */
    static byte[] write(String section, Map<String, List<Instruction>> programs) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, int[]> symbols = new LinkedHashMap<>();
        for (Map.Entry<String, List<Instruction>> p : programs.entrySet()) {
            byte[] code = InstructionCodec.encode(p.getValue());
            symbols.put(p.getKey(), new int[] {text.size(), code.length});
            text.writeBytes(code);
        }
        byte[] license = "GPL\0".getBytes(StandardCharsets.US_ASCII);

        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        Map<String, Integer> nameOffsets = new LinkedHashMap<>();
        for (String name : symbols.keySet()) {
            nameOffsets.put(name, strtab.size());
            strtab.writeBytes((name + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        int licenseSymbol = strtab.size();
        strtab.writeBytes("LICENSE\0".getBytes(StandardCharsets.US_ASCII));

        // section header string table: "", section, "license", ".symtab", ".strtab", ".shstrtab"
        String[] names = {"", section, "license", ".symtab", ".strtab", ".shstrtab"};
        ByteArrayOutputStream shstr = new ByteArrayOutputStream();
        int[] shName = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            shName[i] = shstr.size();
            shstr.writeBytes((names[i] + "\0").getBytes(StandardCharsets.US_ASCII));
        }

        // symbols: null, one global function per program, the license object (local first: none)
        ByteBuffer symtab = ByteBuffer.allocate(24 * (2 + symbols.size())).order(ByteOrder.LITTLE_ENDIAN);
        symtab.position(24);
        symtab.putInt(licenseSymbol).put((byte) 0x01).put((byte) 0).putShort((short) 2).putLong(0).putLong(license.length);
        for (Map.Entry<String, int[]> s : symbols.entrySet()) {
            // STB_GLOBAL << 4 | STT_FUNC, in section 1
            symtab.putInt(nameOffsets.get(s.getKey())).put((byte) 0x12).put((byte) 0).putShort((short) 1)
                    .putLong(s.getValue()[0]).putLong(s.getValue()[1]);
        }
        // the license symbol is STB_LOCAL|STT_OBJECT (0x01) and must come before the globals
        int firstGlobal = 2;

        byte[][] bodies = {new byte[0], text.toByteArray(), license, symtab.array(), strtab.toByteArray(), shstr.toByteArray()};
        int[] offsets = new int[bodies.length];
        int pos = 64;
        for (int i = 1; i < bodies.length; i++) {
            pos = (pos + 7) & ~7;
            offsets[i] = pos;
            pos += bodies[i].length;
        }
        int shoff = (pos + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(shoff + 64 * bodies.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        out.putShort((short) 1).putShort((short) EM_BPF).putInt(1).putLong(0).putLong(0).putLong(shoff)
                .putInt(0).putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                .putShort((short) bodies.length).putShort((short) 5);
        for (int i = 1; i < bodies.length; i++) {
            out.position(offsets[i]);
            out.put(bodies[i]);
        }
        int[] types = {0, 1, 1, 2, 3, 3};              // PROGBITS, PROGBITS, SYMTAB, STRTAB, STRTAB
        long[] flags = {0, 0x6, 0x3, 0, 0, 0};          // code: ALLOC|EXECINSTR; license: WRITE|ALLOC
        for (int i = 1; i < bodies.length; i++) {
            out.position(shoff + 64 * i);
            out.putInt(shName[i]).putInt(types[i]).putLong(flags[i]).putLong(0).putLong(offsets[i]).putLong(bodies[i].length)
                    .putInt(i == 3 ? 4 : 0).putInt(i == 3 ? firstGlobal : 0).putLong(i == 3 ? 8 : (i == 1 ? 8 : 1)).putLong(i == 3 ? 24 : 0);
        }
        return out.array();
    }
}
