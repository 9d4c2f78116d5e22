package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.junit.jupiter.api.Test;

/**
 * A clang-compiled XDP program of about 3,400 instructions (large_program.c: an unrolled hash with a
 * branch per byte, a large bpf-to-bpf function, a loop, a map helper), too large for one JVM method
 * HotSpot compiles: it runs compiled in several methods with the interpreter's results on every
 * packet, short frames that leave the hash early included.
 */
class LargeProgramJitTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void largeProgramRunsCompiledInSeveralMethodsWithTheInterpretersResults() throws IOException {
        // given the object loaded twice, interpreted and compiled
        ObjectSpec spec = ObjectSpec.parse("large_program.o", resource("elf/large_program.o"));
        LoadedObject interpreted = LoadedObject.loader(spec).jit(JitMode.OFF).load();
        LoadedObject compiled = LoadedObject.loader(spec).jit(JitMode.ON).load();
        Random random = new Random(19);

        // when both run the same frames, of every length from the shortest to past the hashed bytes
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] frame = new byte[14 + random.nextInt(240)];
            random.nextBytes(frame);
            String expected = describe(interpreted.run("large_program", XdpInput.of(frame)));
            String actual = describe(compiled.run("large_program", XdpInput.of(frame)));
            if (!expected.equals(actual)) {
                mismatches.add(frame.length + " bytes: interpreted " + expected + ", compiled " + actual);
            }
        }

        // then the compiled program is split, and returns, writes and counts what the interpreter does
        Program program = compiled.program("large_program");
        assertThat(program.slotCount()).isGreaterThan(3000);
        assertThat(program.jitFallbackReason()).isEmpty();
        assertThat(program.jit.methods()).isGreaterThan(4);
        assertThat(mismatches).isEmpty();
        assertThat(verdicts(compiled.map("verdicts"))).isEqualTo(verdicts(interpreted.map("verdicts"))).doesNotContain("0000000000000000");
    }

    private static String describe(RunResult r) {
        return r.retval() + " " + r.instructions() + " " + HEX.formatHex(r.packet());
    }

    private static List<String> verdicts(BpfMap map) {
        List<String> out = new ArrayList<>();
        for (int key = 0; key < 2; key++) {
            out.add(HEX.formatHex(map.lookup(new byte[] {(byte) key, 0, 0, 0}).orElseThrow()));
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LargeProgramJitTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }
}
