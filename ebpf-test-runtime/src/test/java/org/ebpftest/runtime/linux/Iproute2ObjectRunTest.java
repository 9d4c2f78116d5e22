package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Test;

/** Running objects written for iproute2: tail calls through ID/SLOT sections, maps of maps by id, CONFIG-style constants, explicit types. */
class Iproute2ObjectRunTest {
    private static final byte[] FRAME = new byte[64];
    private static final int TC_ACT_OK = 0;

    private static ObjectSpec spec(String name) throws IOException {
        try (InputStream in = Iproute2ObjectRunTest.class.getResourceAsStream("/elf/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        }
    }

    @Test
    void tailCallsIntoTheIdSlotSectionAndReadsTheConfigValue() throws IOException {
        // given tc_entry, which sets the mark from .rodata.config and tail-calls slot 13 of array id 2
        LoadedObject obj = LoadedObject.load(spec("tc_legacy.o"));

        // when it runs
        RunResult result = obj.run("tc_entry", SkbInput.of(FRAME));

        // then tail_13 ran (it finds the inner map in outer[1] and the mark equal to the constant)
        assertThat(result.retval()).isEqualTo(TC_ACT_OK);
        assertThat(obj.map(".bss.A").lookup(new byte[4]).orElseThrow()).containsExactly(1, 0, 0, 0);
        assertThat(obj.map(".data.B").lookup(new byte[4]).orElseThrow()).containsExactly(101, 0, 0, 0);
        assertThat(obj.programInSlot("jumps", 13)).hasValue("tail_13");
    }

    @Test
    void configValueSetBeforeLoadReachesTheProgram() throws IOException {
        // given the control plane's value for config_mark
        LoadedObject obj = LoadedObject.loader(spec("tc_legacy.o")).global("config_mark", 7).load();

        // when tc_entry runs, the mark it writes is that value
        RunResult result = obj.run("tc_entry", SkbInput.of(FRAME));

        assertThat(result.retval()).isEqualTo(TC_ACT_OK);
        assertThat(obj.map(".rodata.config").lookup(new byte[4]).orElseThrow()).containsExactly(7, 0, 0, 0);
    }

    @Test
    void runsAnUntypedSectionOnceItIsGivenAType() throws IOException {
        // given "mysection", which no convention types
        ObjectSpec spec = spec("section_prefixes.o");

        // then it does not run as a tc program untyped, and the error names the rule
        assertThatThrownBy(() -> LoadedObject.load(spec).run("untyped", SkbInput.of(FRAME)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typed by none");

        // when the loader types it explicitly, it runs on __sk_buff
        LoadedObject typed = LoadedObject.loader(spec).programType("untyped", ProgramType.SCHED_CLS).load();
        assertThat(typed.contextType("untyped")).isEqualTo(ContextType.SCHED_CLS);
        assertThat(typed.run("untyped", SkbInput.of(FRAME)).retval()).isEqualTo(3);
    }
}
