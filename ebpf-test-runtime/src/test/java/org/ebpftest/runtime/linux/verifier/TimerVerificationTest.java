package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.Test;

/**
 * What Linux 6.18's verifier accepts and refuses of timers (timers.c, timer_nobtf.c,
 * timer_tracing.c, timer_callback_ret.c, timer_percpu.c, and in inner maps timer_inner.c,
 * timer_inner_mismatch.c, timer_inner_direct.c, timer_inner_tracing.c); the messages are the
 * kernel's, checked on this machine by TimersKernelTest and TimerInnerMapsKernelTest.
 */
class TimerVerificationTest {

    static ObjectSpec spec(String name) throws IOException {
        try (InputStream in = TimerVerificationTest.class.getResourceAsStream("/elf/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        }
    }

    @Test
    void acceptsTimersInArrayAndHashValuesWithTheirCallbacks() throws IOException {
        LoadedObject object = LoadedObject.load(spec("timers.o"));

        for (String program : object.programNames()) {
            assertThat(object.verify(program).accepted()).as(program).isTrue();
        }
    }

    @Test
    void refusesATimerInAMapWithoutBtf() throws IOException {
        ObjectSpec spec = spec("timer_nobtf.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("map 'sized' has to have BTF in order to use bpf_timer");
    }

    @Test
    void refusesATracingProgramUsingAMapThatHoldsATimer() throws IOException {
        ObjectSpec spec = spec("timer_tracing.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("tracing progs cannot use bpf_timer yet");
    }

    @Test
    void refusesATimerInAPerCpuArrayAsLibbpfCreatesThatMapWithoutBtf() throws IOException {
        // the kernel refuses the map with its BTF (-EOPNOTSUPP), libbpf creates it again without,
        // and the verifier then refuses the program for the missing BTF
        ObjectSpec spec = spec("timer_percpu.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("map 'timers' has to have BTF in order to use bpf_timer");
    }

    @Test
    void refusesATimerCallbackReturningAnythingButZero() throws IOException {
        ObjectSpec spec = spec("timer_callback_ret.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]");
    }

    @Test
    void acceptsTimersInInnerMapsReachedThroughTheirOuterMaps() throws IOException {
        LoadedObject object = LoadedObject.load(spec("timer_inner.o"));

        for (String program : object.programNames()) {
            Verification v = object.verify(program);
            assertThat(v.accepted()).as(program).isTrue();
            assertThat(v.complete()).as("%s walked on certain paths only", program).isTrue();
        }
    }

    @Test
    void refusesATimerOfOneInnerMapInitialisedWithAnotherOfTheSameOuterMap() throws IOException {
        ObjectSpec spec = spec("timer_inner_mismatch.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("timer pointer in R1 map_uid=1 doesn't match map pointer in R2 map_uid=2");
    }

    @Test
    void refusesTheMismatchInATracingProgramToo() throws IOException {
        ObjectSpec spec = spec("timer_inner_tracing.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("timer pointer in R1 map_uid=1 doesn't match map pointer in R2 map_uid=2");
    }

    @Test
    void walksCallbacksThatSetEachOtherAFiniteNumberOfTimes() throws IOException {
        LoadedObject object = LoadedObject.load(spec("timer_inner.o"));

        Verification v = object.verify("ping_pong");

        assertThat(v.accepted()).as(v.summary()).isTrue();
        assertThat(v.processed()).as("instructions walked").isLessThan(500);
    }

    @Test
    void refusesATimerOfAnInnerMapInitialisedWithThatMapByName() throws IOException {
        ObjectSpec spec = spec("timer_inner_direct.o");

        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("timer pointer in R1 map_uid=1 doesn't match map pointer in R2 map_uid=0");
    }
}
