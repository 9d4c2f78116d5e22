package org.ebpftest.runtime.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.corpus.VerifierCorpus.Case;
import org.ebpftest.runtime.corpus.VerifierCorpus.Verdict;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.junit.jupiter.api.Test;

/**
 * How many of the corpus programs Linux refuses are refused here with the kernel's reason class: a
 * floor that only rises as the verifier covers more (VERIFIER.md has the figure). A refusal by the
 * loader itself (a jump outside the program, an unknown opcode) counts as refused, not as the class.
 */
class VerifierCoverageTest {

    @Test
    void refusesAtLeastTheMeasuredShareOfWhatLinuxRefusesWithTheKernelsReasonClass() {
        List<Case> refusedByLinux = VerifierCorpus.cases().stream().filter(c -> c.verdict() == Verdict.REFUSED).toList();
        int sameClass = 0;
        int refusedAtLoad = 0;
        List<String> missed = new ArrayList<>();
        for (Case c : refusedByLinux) {
            Verification v;
            try {
                LoadedObject object = LoadedObject.loader(c.spec()).verify(false).load();
                object.program(c.program()); // a program the loader refused (an unknown opcode) throws here
                v = object.verify(c.program());
            } catch (InvalidProgramException e) {
                refusedAtLoad++;
                continue;
            }
            if (!v.accepted() && v.message().contains(c.messageClass())) {
                sameClass++;
            } else {
                missed.add(c.object() + ": " + (v.accepted() ? "accepted" : v.message()));
            }
        }
        System.out.println("verifier corpus: " + refusedByLinux.size() + " refused by Linux, " + sameClass
                + " refused here with the kernel's reason class, " + refusedAtLoad + " refused by the loader; not yet: " + missed.size());
        missed.forEach(m -> System.out.println("  not yet: " + m));
        assertThat(sameClass).isGreaterThanOrEqualTo(290);
    }
}
