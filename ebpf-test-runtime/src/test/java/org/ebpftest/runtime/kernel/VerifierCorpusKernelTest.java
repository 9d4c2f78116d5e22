package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ebpftest.runtime.corpus.VerifierCorpus;
import org.ebpftest.runtime.corpus.VerifierCorpus.Case;
import org.ebpftest.runtime.corpus.VerifierCorpus.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdicts in the verifier corpus's manifest still hold on this machine's kernel: each
 * program loads when the manifest says accepted, and is refused with a verifier log line holding
 * the manifest's message class when it says refused. A manifest that no longer matches the kernel
 * fails here instead of silently misleading the verifier's comparison tests.
 */
@Tag("kernel")
class VerifierCorpusKernelTest {
    private static final Pattern INSTRUCTION = Pattern.compile("^\\d+: \\([0-9a-f]+\\)");

    static Stream<Case> cases() {
        return VerifierCorpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kernelGivesTheRecordedVerdict(Case c) throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));

        KernelOracle.Verdict kernel = KernelOracle.verify(c.objectBytes(), "vcorpus-" + c.program());

        if (c.verdict() == Verdict.ACCEPTED) {
            assertThat(kernel.loaded()).as("Linux loads %s; bpftool said:%n%s", c.object(), kernel.bpftoolOutput()).isTrue();
        } else {
            assertThat(kernel.loaded()).as("Linux refuses %s", c.object()).isFalse();
            // Instruction lines are left out, as record.sh leaves them out: only the verifier's
            // own words count.
            assertThat(kernel.verifierLog().lines().filter(line -> !INSTRUCTION.matcher(line).find()))
                    .as("verifier log of %s", c.object())
                    .anySatisfy(line -> assertThat(line).contains(c.messageClass()));
        }
    }
}
