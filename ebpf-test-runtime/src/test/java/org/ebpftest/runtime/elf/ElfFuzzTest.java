package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ebpftest.fuzz.Fuzzing;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * ELF mutation fuzzer over the project's real objects: every committed {@code .o} of the build
 * (these tests' objects, the example project's, the other modules' test objects) is corrupted
 * (see {@link ElfMutator}), parsed, loaded and, when it loads, each program is run on a small
 * packet with a small instruction budget, because a crash while running counts too. Bad input may
 * only give the project's exceptions. 3,000 cases in the normal build; long runs with
 * {@code -Debpftest.fuzz.cases=N -Debpftest.fuzz.seed=S}.
 */
class ElfFuzzTest {
    private static final long SEED = 20240601L;
    private static final long CASES = 3_000;
    /**
     * Per case. A mutated loop can send the verifier to the kernel's 1,000,000-instruction
     * complexity limit, which takes seconds on a loaded machine (over 5 s was seen with two builds
     * sharing two cores); the limit is there to catch hangs, not to time the verifier.
     */
    private static final long TIME_LIMIT_MILLIS = 30_000;
    private static final long INSTRUCTION_BUDGET = 20_000;
    private static final byte[] PACKET = packet();

    @Test
    void mutatedObjectsLoadAndRunOrFailOnlyWithTheProjectsExceptions() {
        // given the committed objects, a fixed seed and a bounded count
        List<Path> objects = objects();
        List<byte[]> contents = objects.stream().map(ElfFuzzTest::read).toList();
        Fuzzing fuzzing = Fuzzing.of("ELF fuzz", SEED, CASES, TIME_LIMIT_MILLIS);

        // when each case corrupts one object, then parses, loads and runs it
        Fuzzing.Result result = fuzzing.run((random, mutation) -> {
            int pick = random.nextInt(objects.size());
            String name = objects.get(pick).getFileName().toString();
            mutation.append(name).append(": ");
            byte[] bytes = ElfMutator.mutate(contents.get(pick), random, mutation);
            return loadAndRun(name, bytes);
        }, Fuzzing::isDomainError);

        // then nothing but the project's exceptions comes out, and the cases reach every stage
        assertThat(result.failureCount()).as(result::failureReport).isZero();
        assertThat(objects).hasSizeGreaterThan(20);
        if (fuzzing.cases() >= CASES) {
            assertThat(result.outcomes()).containsKeys("ran", "refused: MalformedObjectException");
            assertThat(result.outcomes().get("ran")).isGreaterThan(fuzzing.cases() / 20);
        }
    }

    private static String loadAndRun(String name, byte[] bytes) {
        ObjectSpec spec = ObjectSpec.parse(name, bytes);
        LoadedObject loaded = LoadedObject.loader(spec).instructionLimit(INSTRUCTION_BUDGET).load();
        for (String program : loaded.programNames()) {
            ContextType type = loaded.contextType(program);
            if (type == ContextType.XDP) {
                loaded.run(program, XdpInput.of(PACKET.clone()));
            } else if (type.isSkb()) {
                loaded.run(program, SkbInput.of(PACKET.clone()));
            } else {
                loaded.run(program, new RawInput(new byte[64]));
            }
        }
        return loaded.programNames().isEmpty() ? "loaded" : "ran";
    }

    /** Every committed object of the build, in a fixed order so that a seed means the same cases. */
    private static List<Path> objects() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path own = Path.of("src/test/resources/elf");
        Path start = root != null && Files.isRegularFile(root.resolve("ebpf-test-runtime/pom.xml")) ? root : own;
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(p -> p.toString().endsWith(".o") && Files.isRegularFile(p) && isElf(p))
                    .filter(p -> !start.relativize(p).toString().contains("target"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a file starts with the ELF magic: the mutations aim at ELF structures (not-an-object.o is not one). */
    private static boolean isElf(Path p) {
        byte[] b = read(p);
        return b.length > 64 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 64-byte Ethernet/IPv4/UDP frame with a seeded payload. */
    private static byte[] packet() {
        byte[] p = new byte[64];
        new Random(7).nextBytes(p);
        byte[] header = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 50, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        System.arraycopy(header, 0, p, 0, header.length);
        return p;
    }
}
