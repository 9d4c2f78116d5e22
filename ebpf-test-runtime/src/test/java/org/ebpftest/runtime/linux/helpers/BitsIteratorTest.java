package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.junit.jupiter.api.Test;

/**
 * The bits iterator kfuncs run by syscall programs (syscall_bits.c), against the answers Linux 6.18
 * gave for the same contexts (SyscallKernelTest asks the kernel itself where it can).
 */
class BitsIteratorTest {
    private static LoadedObject load() throws IOException {
        return LoadedObject.load(ObjectSpec.parse("syscall_bits.o", SyscallBitsCases.object()));
    }

    @Test
    void iteratesTheSetBitsAndFailsAsTheKernelDoes() throws IOException {
        LoadedObject object = load();
        for (SyscallBitsCases.Case c : SyscallBitsCases.cases()) {
            // given the words and count of the case, when count_bits runs on them
            RunResult r = object.run("count_bits", new RawInput(c.context()));

            // then bpf_iter_bits_new answered, and the iterator gave, what the kernel's did
            ByteBuffer out = ByteBuffer.wrap(r.finalContext()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(new int[] {out.getInt(SyscallBitsCases.RESULTS), out.getInt(SyscallBitsCases.RESULTS + 4),
                    out.getInt(SyscallBitsCases.RESULTS + 8), out.getInt(SyscallBitsCases.RESULTS + 12)})
                    .as(c.name()).containsExactly(c.err(), c.count(), c.last(), c.sum());
            assertThat(r.retval()).as(c.name()).isEqualTo(c.count());
        }
    }

    @Test
    void releasesTheCopyOfSeveralWordsAtDestroy() throws IOException {
        LoadedObject object = load();
        SyscallBitsCases.Case threeWords = SyscallBitsCases.cases().get(1);

        // given a run whose iterator copied three words to allocated memory, when it runs again many times
        for (int i = 0; i < 4000; i++) {
            object.run("count_bits", new RawInput(threeWords.context()));
        }
        RunResult last = object.run("count_bits", new RawInput(threeWords.context()));

        // then each destroy gave the memory back: 4000 leaked copies of one 1 MiB slot each would have filled the 4 GiB address space
        assertThat(last.retval()).isEqualTo(threeWords.count());
    }

    @Test
    void writesTheContextBackAsSyscallTestRunDoes() throws IOException {
        LoadedObject object = load();

        // given a context {in = 5, out = 0}, when echo runs
        RunResult r = object.run("echo", new RawInput(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}));

        // then r0 is the return value and the context holds what the program wrote
        assertThat(r.retval()).isEqualTo(12);
        assertThat(r.finalContext()).containsExactly(5, 0, 0, 0, 16, 0, 0, 0);
    }
}
