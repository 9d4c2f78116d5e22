package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.util.List;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.ContextMemory;
import org.ebpftest.runtime.linux.buffers.MemoryInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/** One way to start a run: each {@link org.ebpftest.runtime.linux.buffers.RunInput} on the context it fits. */
class RunInputTest {
    private static final byte[] FRAME = new byte[60];

    /** Returns 2 without touching its context. */
    private static final Program RETURNS_2 = Program.of("returns_2", new Assembler().mov64(Register.R0, 2).exit().build());

    /** Writes 5 into the first word r1 points to and returns 0. */
    private static final Program WRITES_5 = Program.of("writes_5",
            new Assembler().store(Size.W, Register.R1, 0, 5).mov64(Register.R0, 0).exit().build());

    @Test
    void runsEachInputOnTheContextItBuilds() {
        LinuxEmulator linux = LinuxEmulator.builder().build();

        // when the same program runs on a frame for XDP, a frame for tc and raw bytes
        RunResult xdp = linux.run(RETURNS_2, ContextType.XDP, XdpInput.of(FRAME));
        RunResult tc = linux.run(RETURNS_2, ContextType.SCHED_CLS, SkbInput.of(FRAME));
        RunResult raw = linux.run(WRITES_5, ContextType.GENERIC, new RawInput(new byte[8]));

        // then each result knows its context and holds what test_run copies out for it
        assertThat(xdp.contextType()).isEqualTo(ContextType.XDP);
        assertThat(xdp.packet()).hasSize(60);
        assertThat(tc.contextType()).isEqualTo(ContextType.SCHED_CLS);
        assertThat(tc.retval()).isEqualTo(2);
        assertThat(raw.contextType()).isEqualTo(ContextType.GENERIC);
        assertThat(raw.packet()).isEmpty();
        assertThat(raw.finalContext()).containsExactly(5, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void mapsTheBlocksOfAMemoryInputAndPassesItsRegisters() {
        // given a block the caller lays out at the context address, with r1 pointing at it
        byte[] block = new byte[4];
        MemoryInput input = new MemoryInput(List.of(new ContextMemory("args", LinuxEmulator.CONTEXT_MEMORY_START, block)),
                new long[] {LinuxEmulator.CONTEXT_MEMORY_START});

        // when a program writes through r1
        RunResult result = LinuxEmulator.builder().build().run(WRITES_5, ContextType.GENERIC, input);

        // then the block holds what it wrote, and so does the final context
        assertThat(block).containsExactly(5, 0, 0, 0);
        assertThat(result.finalContext()).containsExactly(5, 0, 0, 0);
    }

    @Test
    void refusesAFrameInputForAContextThatDoesNotTakeIt() {
        LinuxEmulator linux = LinuxEmulator.builder().build();

        assertThatIllegalArgumentException().isThrownBy(() -> linux.run(RETURNS_2, ContextType.SCHED_CLS, XdpInput.of(FRAME)))
                .withMessage("an XdpInput runs only XDP programs, got SCHED_CLS");
        assertThatIllegalArgumentException().isThrownBy(() -> linux.run(RETURNS_2, ContextType.XDP, SkbInput.of(FRAME)))
                .withMessage("an SkbInput runs only tc, socket-filter and cgroup-skb programs, got XDP");
    }

    @Test
    void namesTheInputALoadedProgramNeeds() throws IOException {
        // given a loaded object whose lookup_tc program runs on an __sk_buff
        LoadedObject object = LoadedObjectTest.load("lazy_maps.o");

        // then an XDP frame is refused, naming how the program got its type and the input it takes
        assertThatIllegalArgumentException().isThrownBy(() -> object.run("lookup_tc", XdpInput.of(FRAME)))
                .withMessageStartingWith("program lookup_tc (section \"")
                .withMessageEndingWith(" runs on SCHED_CLS, not XDP; give it an SkbInput, or give the program a type when loading");
    }
}
