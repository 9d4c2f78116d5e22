package org.ebpftest.runtime.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The disassembler prints exactly what LLVM 19's {@code llvm-objdump -d} prints, for
 * every bpf_conformance program and for extra encodings. The expected text was produced by LLVM
 * (see {@code isa/make-objdump-golden.py}); only the symbolic jump-target suffix LLVM adds for
 * objects with sections ({@code <.text+0x40>}) is dropped before comparing.
 */
class DisassemblerObjdumpTest {

    static Map<String, List<String>> golden() throws IOException {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        try (InputStream in = DisassemblerObjdumpTest.class.getResourceAsStream("/isa/objdump-golden.txt")) {
            String current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("== ")) {
                    current = line.substring(3);
                    cases.put(current, new ArrayList<>());
                } else if (current != null && !line.isBlank()) {
                    cases.get(current).add(line.replaceAll(" <[^<>]*>$", ""));
                }
            }
        }
        return cases;
    }

    /** Rebuilds a case's bytecode from the hex column of LLVM's listing. */
    static byte[] bytes(List<String> lines) {
        StringBuilder hex = new StringBuilder();
        for (String line : lines) {
            hex.append(line.split("\t")[1]);
        }
        return Hex.parse(hex.toString());
    }

    @TestFactory
    Stream<DynamicTest> listingMatchesLlvmObjdump() throws IOException {
        return golden().entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            List<Instruction> program = InstructionCodec.decode(bytes(c.getValue()));

            String listing = Disassembler.listing(program);

            assertThat(listing.split("\n")).containsExactlyElementsOf(c.getValue());
        }));
    }

    @Test
    void goldenFileCoversEveryVectorAndTheExtras() throws IOException {
        assertThat(golden()).hasSizeGreaterThanOrEqualTo(313 + 9).containsKeys("callx", "ld_abs_ind", "atomics32", "pseudo_lddw");
    }

    @Test
    void printsLoadAcquireAndStoreReleaseInLaterLlvmSyntax() {
        Instruction acquire = new Instruction(Opcode.ATOMIC_DW.code(), 0, 1, 8, AtomicOp.LOAD_ACQUIRE.code(), 0);
        Instruction acquireByte = new Instruction(Opcode.ATOMIC_B.code(), 2, 1, 0, AtomicOp.LOAD_ACQUIRE.code(), 0);
        Instruction release = new Instruction(Opcode.ATOMIC_W.code(), 1, 2, -4, AtomicOp.STORE_RELEASE.code(), 0);

        assertThat(acquire).hasToString("r0 = load_acquire((u64 *)(r1 + 0x8))");
        assertThat(acquireByte).hasToString("w2 = load_acquire((u8 *)(r1 + 0x0))");
        assertThat(release).hasToString("store_release((u32 *)(r1 - 0x4), w2)");
    }

    @Test
    void printsTheImmediateOfAnIndirectPacketLoadThatLlvmDrops() {
        Instruction ldInd = Instruction.of(Opcode.LDINDH, 0, 1, 0, 12);

        assertThat(ldInd).hasToString("r0 = *(u16 *)skb[r1 + 0xc]");
    }

    @Test
    void printsUnknownForAnOpcodeNoInstructionUses() {
        assertThat(new Instruction(0xff, 0, 0, 0, 0, 0)).hasToString("<unknown>");
    }

    @Test
    void interleavesSourceLinesAboveTheirInstructions() {
        List<Instruction> program = new Assembler().mov64(Register.R0, 2).exit().build();

        String listing = Disassembler.listing(program, slot -> slot == 0 ? "return XDP_PASS;" : null);

        assertThat(listing).isEqualTo("; return XDP_PASS;\n       0:\tb7 00 00 00 02 00 00 00\tr0 = 0x2\n       1:\t95 00 00 00 00 00 00 00\texit\n");
    }
}
