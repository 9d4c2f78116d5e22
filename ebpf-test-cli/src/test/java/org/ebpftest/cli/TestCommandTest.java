package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code test OBJECT.o}: the pinned output lines and exit statuses, on the runtime's C test objects. */
class TestCommandTest {
    private static String ctest(String name) {
        return Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "ctests", name).toString();
    }

    @Test
    void printsOneLinePerTestAndTheCountsAndExitsZeroWhenNoneFailed() {
        Cli.Outcome o = Cli.run("test", ctest("suite.o"));

        assertThat(o.out()).isEqualTo(String.join(System.lineSeparator(),
                "PASS a_ipv6_is_dropped",
                "PASS b_maps_persist",
                "PASS c_xdp_without_setup",
                "SKIP d_skipped: not_here",
                "3 passed, 0 failed, 1 skipped", ""));
        assertThat(o.status()).isZero();
    }

    @Test
    void reportsFailuresWithTheirReasonAndExitsOne() {
        Cli.Outcome o = Cli.run("test", ctest("annotated_failing.o"));

        assertThat(o.out()).isEqualTo(String.join(System.lineSeparator(),
                "FAIL wrong_action: returned XDP_PASS (2), expected XDP_DROP (1) (__retval(XDP_DROP)) [annotated_failing.c:10]",
                "FAIL failed_expectation: annotated_failing.c:16: expected ctx->data_end - ctx->data == 65, but was 64 and 65",
                "PASS passing neighbour",
                "FAIL refused_for_another_reason: the verifier refused it with \"invalid access to packet, off=23 size=1, R1(id=0,off=23,r=0)\""
                        + " at pc 1 [annotated_failing.c:31], which does not contain __msg(\"R0 invalid mem access 'map_value_or_null'\")",
                "FAIL refused_but_expected_to_load: expects the verifier to accept it, but it refused it: invalid access to packet, off=14"
                        + " size=1, R1(id=0,off=14,r=0) at pc 1 [annotated_failing.c:39]",
                "1 passed, 4 failed, 0 skipped", ""));
        assertThat(o.status()).isEqualTo(1);
    }

    @Test
    void checksRefusalsAgainstTheVerifier() {
        Cli.Outcome o = Cli.run("test", ctest("annotated.o"));

        assertThat(o.out()).contains("PASS reads_past_the_frame" + System.lineSeparator())
                .contains("PASS leaks_a_sample" + System.lineSeparator())
                .contains("PASS reserves_a_variable_size" + System.lineSeparator())
                .contains("PASS indexes_with_a_signed_value" + System.lineSeparator())
                .contains("PASS calls_a_global_function" + System.lineSeparator())
                .endsWith("11 passed, 0 failed, 0 skipped" + System.lineSeparator());
        assertThat(o.status()).isZero();
    }

    @Test
    void printsWhatATestLoggedWithVerbose() {
        Cli.Outcome o = Cli.run("test", ctest("suite_failing.o"), "--verbose");

        assertThat(o.out()).contains("FAIL a_wrong_length: length_is_60: len is 3520; assert failed at suite_failing.c:14: skb->len == 60"
                + System.lineSeparator() + "    FAIL length_is_60" + System.lineSeparator() + "      len is 3520");
        assertThat(o.status()).isEqualTo(1);
    }

    @Test
    void exitsTwoWhenTheObjectCannotBeLoaded() {
        Cli.Outcome missing = Cli.run("test", "nowhere.o");
        Cli.Outcome notElf = Cli.run("test", Path.of("..", "ebpf-test-junit", "src", "test", "resources", "not-an-object.o").toString());

        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("test: nowhere.o cannot be loaded: ");
        assertThat(notElf.status()).isEqualTo(2);
        assertThat(notElf.err()).contains("not an ELF file");
        assertThat(notElf.out()).isEmpty();
    }

    @Test
    void saysSoWhenAnObjectHoldsNoTests() {
        Cli.Outcome o = Cli.run("test", Cli.object("maps.o"));

        assertThat(o.out()).isEqualTo("0 passed, 0 failed, 0 skipped" + System.lineSeparator());
        assertThat(o.err()).contains("holds no tests");
        assertThat(o.status()).isZero();
    }
}
