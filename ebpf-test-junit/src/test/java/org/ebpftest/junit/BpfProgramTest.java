package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.ebpftest.runtime.debug.DebugSession;
import org.ebpftest.runtime.debug.StopReason;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/** The program handle on its own, without the extension. */
class BpfProgramTest {
    private static final int XDP_ABORTED = 0;

    private static LoadedObject programs() throws URISyntaxException {
        return LoadedObject.load(Path.of(BpfProgramTest.class.getResource("/programs.o").toURI()));
    }

    @Test
    void runPicksTheContextFromTheProgramsSection() throws URISyntaxException {
        LoadedObject object = programs();

        assertThat(BpfProgram.of(object, "xdp_len").contextType()).isEqualTo(ContextType.XDP);
        assertThat(BpfProgram.of(object, "tc_mark").contextType()).isEqualTo(ContextType.SCHED_CLS);
        assertThat(BpfProgram.of(object, "socket_all").contextType()).isEqualTo(ContextType.SOCKET_FILTER);
        assertThat(BpfProgram.of(object, "socket_all").toString()).isEqualTo("BpfProgram[socket_all in programs.o, socket_filter]");
    }

    @Test
    void runWithAnXdpInputPassesTheReceivingInterface() throws URISyntaxException {
        // xdp_twice aborts unless (ingress_ifindex + 1) * 2 > 4; test_run's default interface is the loopback, 1
        BpfProgram twice = BpfProgram.of(programs(), "xdp_twice");

        assertThat(twice.run(XdpInput.of(new byte[64])).retval()).isEqualTo(XDP_ABORTED);
        assertThat(twice.run(new byte[64]).retval()).isEqualTo(XDP_ABORTED);
    }

    @Test
    void debugStartsTheRunPausedAndRunsToTheSameResult() throws URISyntaxException {
        BpfProgram twice = BpfProgram.of(programs(), "xdp_twice");
        int expected = twice.run(new byte[64]).retval();

        try (DebugSession s = twice.debug(new byte[64])) {
            assertThat(s.lastStop().reason()).isEqualTo(StopReason.ENTRY);
            assertThat(s.stepInstruction().pc()).isGreaterThan(0);
            assertThat(s.runToEnd().retval()).isEqualTo(expected);
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheObjectsPrograms() throws URISyntaxException {
        LoadedObject object = programs();

        assertThatThrownBy(() -> BpfProgram.of(object, "xdp_fw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no program named \"xdp_fw\" in programs.o; programs: [xdp_len, xdp_twice, tc_mark, socket_all]");
    }
}
