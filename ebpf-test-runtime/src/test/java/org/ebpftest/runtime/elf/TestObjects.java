package org.ebpftest.runtime.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ebpftest.runtime.isa.Instruction;

/** The committed test objects under {@code src/test/resources/elf}. */
final class TestObjects {
    static final String[] LOADABLE = {
        "programs.o", "same_section.o", "maps.o", "legacy_maps.o", "globals.o", "callbacks.o", "core.o", "core_target.o", "v4.o", "kinds.o",
    };

    private TestObjects() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = TestObjects.class.getResourceAsStream("/elf/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test object " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectSpec load(String name) {
        return ObjectSpec.parse(name, bytes(name));
    }

    /** The instruction at a slot of a program. */
    static Instruction at(ProgramSpec program, int slot) {
        int s = 0;
        for (Instruction insn : program.instructions()) {
            if (s == slot) {
                return insn;
            }
            s += insn.slots();
        }
        throw new IllegalArgumentException("no instruction starts at slot " + slot + " of " + program.name());
    }
}
