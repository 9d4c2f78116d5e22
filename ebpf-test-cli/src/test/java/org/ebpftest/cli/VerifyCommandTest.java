package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.cli.Cli.Outcome;
import org.junit.jupiter.api.Test;

/** {@code verify}, and {@code run --no-verify}. */
class VerifyCommandTest {
    private static final String OBJECT = Cli.object("unchecked_read.o");

    @Test
    void printsOneLinePerProgramAndExitsWithOneWhenAProgramIsRefused() {
        Outcome o = Cli.run("verify", OBJECT);

        assertThat(o.status()).as(o.err()).isEqualTo(1);
        assertThat(o.out().lines().toList()).containsExactly(
                "REFUSED drop_udp_unchecked: invalid access to packet, off=23 size=1, R1(id=0,off=23,r=0) at pc 1 [unchecked_read.c:14]",
                o.out().lines().toList().get(1));
        assertThat(o.out().lines().toList().get(1)).matches("OK drop_udp_checked \\(\\d+ instructions processed\\)");
    }

    @Test
    void exitsWithZeroWhenEveryProgramCheckedIsAccepted() {
        Outcome o = Cli.run("verify", OBJECT, "--program", "drop_udp_checked");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("OK drop_udp_checked (");
    }

    @Test
    void logOptionPrintsTheRefusedInstruction() {
        Outcome o = Cli.run("verify", OBJECT, "--program", "drop_udp_unchecked", "--log");

        assertThat(o.out()).contains("  at pc 1: r1 = *(u8 *)(r1 + 0x17)");
    }

    @Test
    void missingObjectIsAUsageError() {
        Outcome o = Cli.run("verify");

        assertThat(o.status()).isEqualTo(2);
    }

    @Test
    void anObjectThatCannotBeReadOrHasNoSuchProgramExitsTwo() {
        Outcome missing = Cli.run("verify", "no-such-object.o");
        Outcome noProgram = Cli.run("verify", OBJECT, "--program", "no_such_program");

        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("verify: no-such-object.o cannot be loaded");
        assertThat(noProgram.status()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void runRefusesAProgramTheVerifierRefusesUnlessToldNotToVerify() {
        Outcome refused = Cli.run("run", OBJECT, "--program", "drop_udp_checked");
        Outcome unverified = Cli.run("run", OBJECT, "--program", "drop_udp_checked", "--no-verify");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("drop_udp_unchecked refused by the verifier: invalid access to packet, off=23 size=1");
        assertThat(unverified.err()).doesNotContain("refused by the verifier");
    }
}
