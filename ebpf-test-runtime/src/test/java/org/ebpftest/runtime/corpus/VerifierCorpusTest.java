package org.ebpftest.runtime.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebpftest.runtime.corpus.VerifierCorpus.Case;
import org.ebpftest.runtime.corpus.VerifierCorpus.Verdict;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier corpus is whole without a kernel: every committed object is in the manifest, every
 * manifest entry names the one program of a real object with its type, every source states the
 * verdict the manifest records, and the project's loader reads every object.
 */
class VerifierCorpusTest {
    private static final Pattern EXPECTATION = Pattern.compile("^// kernel: (.*)$", Pattern.MULTILINE);

    static Stream<Case> cases() {
        return VerifierCorpus.cases().stream();
    }

    static Stream<Case> acceptedCases() {
        return cases().filter(c -> c.verdict() == Verdict.ACCEPTED);
    }

    @Test
    void holdsAtLeast170ProgramsAboutHalfOfThemAccepted() {
        List<Case> cases = VerifierCorpus.cases();

        long accepted = cases.stream().filter(c -> c.verdict() == Verdict.ACCEPTED).count();

        assertThat(cases).hasSizeGreaterThanOrEqualTo(170);
        assertThat((double) accepted / cases.size()).isBetween(0.4, 0.6);
    }

    @Test
    void everyGroupHasAcceptedAndRefusedPrograms() {
        Map<String, Set<Verdict>> verdicts = VerifierCorpus.cases().stream()
                .collect(Collectors.groupingBy(Case::group, Collectors.mapping(Case::verdict, Collectors.toSet())));

        assertThat(verdicts).allSatisfy((group, seen) -> assertThat(seen).as(group).containsExactlyInAnyOrder(Verdict.values()));
    }

    @Test
    void listsEveryCommittedObjectOnceAndNothingElse() throws IOException {
        Path dir = VerifierCorpus.directory();
        Set<String> objects;
        Set<String> sources;
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> names = files.map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
            objects = names.stream().filter(n -> n.endsWith(".o")).collect(Collectors.toCollection(TreeSet::new));
            sources = names.stream().filter(n -> n.endsWith(".c")).map(n -> n.replaceFirst("\\.c$", ".o"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        List<String> listed = VerifierCorpus.cases().stream().map(Case::object).toList();

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed).as("objects in corpus.tsv").containsExactlyInAnyOrderElementsOf(objects);
        assertThat(sources).as("objects built from the .c files").containsExactlyInAnyOrderElementsOf(objects);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesTheOnlyProgramOfItsObjectWithItsType(Case c) {
        ObjectSpec spec = c.spec();

        assertThat(spec.programs()).extracting(ProgramSpec::name).containsExactly(c.program());
        assertThat(spec.program(c.program()).type()).isEqualTo(c.programType());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sourceStatesTheVerdictTheManifestRecords(Case c) {
        Matcher m = EXPECTATION.matcher(c.source());

        assertThat(m.find()).as("a \"// kernel: ...\" line in the source of " + c.object()).isTrue();
        String expected = c.verdict() == Verdict.ACCEPTED ? "accepted" : "refused: " + c.messageClass();
        assertThat(m.group(1)).isEqualTo(expected);
        assertThat(c.verdict() == Verdict.ACCEPTED || c.message().contains(c.messageClass())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedCases")
    void everyProgramLinuxAcceptsLoadsHere(Case c) {
        LoadedObject loaded = LoadedObject.load(c.spec());

        assertThat(loaded.programNames()).contains(c.program());
    }
}
