package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.vm.Probe;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/** {@link LinuxEmulator#withProbe}: the runs inside it are watched instruction by instruction, the others are not. */
class EmulatorProbeTest {
    private final Program program = Program.of("add", new Assembler().mov64(Register.R0, 1).add64(Register.R0, 2).exit().build());

    @Test
    void tellsTheProbeOfEveryInstructionOfTheRunsInsideIt() {
        LinuxEmulator linux = LinuxEmulator.builder().build();
        List<Integer> pcs = new ArrayList<>();

        RunResult r = linux.withProbe(e -> pcs.add(e.pc()), () -> linux.run(program, ContextType.GENERIC, new RawInput(new byte[0])));

        assertThat(r.retval()).isEqualTo(3);
        assertThat(pcs).containsExactly(0, 1, 2);
    }

    @Test
    void leavesRunsOutsideItUnwatched() {
        LinuxEmulator linux = LinuxEmulator.builder().build();
        List<Integer> pcs = new ArrayList<>();
        linux.withProbe(e -> pcs.add(e.pc()), () -> linux.run(program, ContextType.GENERIC, new RawInput(new byte[0])));

        linux.run(program, ContextType.GENERIC, new RawInput(new byte[0]));

        assertThat(pcs).hasSize(3);
    }

    @Test
    void tellsAProbeTheVmAlreadyHasFirstAndGivesItBack() {
        List<String> told = new ArrayList<>();
        Probe own = e -> told.add("own " + e.pc());
        LinuxEmulator linux = LinuxEmulator.builder().vmSetup(vm -> vm.setProbe(own)).build();

        linux.withProbe(e -> told.add("added " + e.pc()), () -> linux.run(program, ContextType.GENERIC, new RawInput(new byte[0])));
        linux.run(program, ContextType.GENERIC, new RawInput(new byte[0]));

        assertThat(told).containsExactly("own 0", "added 0", "own 1", "added 1", "own 2", "added 2", "own 0", "own 1", "own 2");
    }

    @Test
    void doesNotNest() {
        LinuxEmulator linux = LinuxEmulator.builder().build();

        assertThatThrownBy(() -> linux.withProbe(e -> { }, () -> linux.withProbe(e -> { }, () -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not nest");
    }
}
