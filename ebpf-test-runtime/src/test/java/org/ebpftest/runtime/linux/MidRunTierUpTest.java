package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A single run long enough to cross the JIT's default compile threshold (100,000 instructions)
 * starts interpreted and ends compiled, with the result of a run interpreted throughout
 * (tier_up.c: a bounded loop of 126,000 instructions and 40,000 {@code bpf_loop} callbacks, both
 * adding to an array map).
 */
class MidRunTierUpTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @ValueSource(strings = {"long_loop", "many_callbacks"})
    void runCrossingTheThresholdEndsCompiledWithTheInterpretersVerdictMapsAndCount(String program) throws IOException {
        // given the object loaded twice: interpreted only, and with the default tiering
        LoadedObject interpreted = load(JitMode.OFF);
        LoadedObject tiered = load(JitMode.AUTO);
        assertThat(tiered.program(program).isCompiled()).isFalse();

        // when each runs the program once
        RunResult expected = interpreted.run(program, XdpInput.of(new byte[64]));
        RunResult actual = tiered.run(program, XdpInput.of(new byte[64]));

        // then the tiered run was compiled on the way, past the threshold
        assertThat(expected.instructions()).isGreaterThan(120_000);
        assertThat(tiered.program(program).isCompiled()).isTrue();
        assertThat(interpreted.program(program).isCompiled()).isFalse();
        // and it ends as the interpreted one: verdict, instruction count and map contents
        assertThat(actual.retval()).isEqualTo(expected.retval());
        assertThat(actual.instructions()).isEqualTo(expected.instructions());
        assertThat(buckets(tiered)).isEqualTo(buckets(interpreted)).isNotEqualTo(buckets(load(JitMode.OFF)));
    }

    @Test
    void secondRunOfAProgramCompiledMidRunGivesTheSameResultAgain() throws IOException {
        // given a tiered object whose first run compiled the program
        LoadedObject tiered = load(JitMode.AUTO);
        RunResult first = tiered.run("long_loop", XdpInput.of(new byte[64]));

        // when it runs again, compiled from its first instruction
        RunResult second = tiered.run("long_loop", XdpInput.of(new byte[64]));

        // then the verdict and the count are the first run's
        assertThat(second.retval()).isEqualTo(first.retval());
        assertThat(second.instructions()).isEqualTo(first.instructions());
    }

    @Test
    void prepareCompilesBeforeTheFirstRunWhereRunsAreCompiledAndNowhereElse() throws IOException {
        // given the object loaded to run compiled, and to run with the default tiering
        LoadedObject compiled = load(JitMode.ON);
        LoadedObject tiered = load(JitMode.AUTO);

        // when each prepares the program, before any run
        compiled.prepare("long_loop");
        tiered.prepare("long_loop");

        // then only the one whose runs are compiled compiled it, and its run gives the tiered run's result
        assertThat(compiled.program("long_loop").isCompiled()).isTrue();
        assertThat(tiered.program("long_loop").isCompiled()).isFalse();
        RunResult expected = tiered.run("long_loop", XdpInput.of(new byte[64]));
        RunResult actual = compiled.run("long_loop", XdpInput.of(new byte[64]));
        assertThat(actual.retval()).isEqualTo(expected.retval());
        assertThat(actual.instructions()).isEqualTo(expected.instructions());
        assertThat(buckets(compiled)).isEqualTo(buckets(tiered));
    }

    private static List<String> buckets(LoadedObject object) {
        return object.map("buckets").entries().stream().map(e -> HEX.formatHex(e.key()) + "=" + HEX.formatHex(e.value())).toList();
    }

    private static LoadedObject load(JitMode mode) throws IOException {
        try (InputStream in = MidRunTierUpTest.class.getResourceAsStream("/elf/tier_up.o")) {
            return LoadedObject.loader(ObjectSpec.parse("tier_up.o", in.readAllBytes())).jit(mode).load();
        }
    }
}
