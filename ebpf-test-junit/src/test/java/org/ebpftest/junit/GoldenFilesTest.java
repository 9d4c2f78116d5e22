package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.GoldenSupport.file;
import static org.ebpftest.junit.GoldenSupport.files;
import static org.ebpftest.junit.GoldenSupport.frame;
import static org.ebpftest.junit.GoldenSupport.read;
import static org.ebpftest.junit.GoldenSupport.reports;
import static org.ebpftest.junit.GoldenSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.ebpftest.packet.pcap.CaptureFile;
import org.ebpftest.packet.pcap.LinkType;
import org.ebpftest.packet.pcap.PcapRecord;
import org.ebpftest.packet.pcap.PcapWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** Recording, comparing and locating golden files: the update switch, missing files, diffs and capture files. */
class GoldenFilesTest {
    @TempDir
    Path dir;

    // Recording and comparing

    @Test
    void recordingWritesBothFilesAndReportsIt() {
        EngineExecutionResults results = run(CountsOneFrame.class, dir, true);

        Fixtures.assertAllPass(results, 1);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        Path pcap = file(dir, CountsOneFrame.class, "counts.pcap");
        assertThat(json).exists();
        assertThat(pcap).exists();
        assertThat(reports(results)).containsExactly("wrote [" + json + "] and [" + pcap + "]");
    }

    @Test
    void aRunThatMatchesItsFilesPassesAndRewritesNothing() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        byte[] recorded = Files.readAllBytes(json);

        EngineExecutionResults checked = run(CountsOneFrame.class, dir, false);
        EngineExecutionResults updatedAgain = run(CountsOneFrame.class, dir, true);

        Fixtures.assertAllPass(checked, 1);
        assertThat(reports(checked)).isEmpty();
        assertThat(reports(updatedAgain)).containsExactly("[" + json + "] and [" + file(dir, CountsOneFrame.class, "counts.pcap") + "] were up to date");
        assertThat(Files.readAllBytes(json)).isEqualTo(recorded);
    }

    @Test
    void aFileWithWindowsLineEndsStillMatches() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        Files.writeString(json, read(json).replace("\n", "\r\n"));

        Fixtures.assertAllPass(run(CountsOneFrame.class, dir, false), 1);
    }

    @Test
    void aMissingFileFailsNamingItAndHowToRecordIt() {
        Throwable failure = GoldenSupport.onlyFailure(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(),
                Golden.UPDATE_PARAMETER, "false"));

        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessage("golden file [" + file(dir, CountsOneFrame.class, "counts.json")
                + "] does not exist; record it by running the test with -Debpftest.golden.update=true (or the JUnit configuration parameter "
                + "ebpftest.golden.update=true), then review it and commit it with its .pcap");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void aDifferentRunFailsWithAUnifiedDiffAndBothTextsForTheIde() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        String recorded = read(json);
        // as if recorded from an older program that dropped the frame and printed less
        String older = recorded.replace("{\"value\": 2, \"action\": \"XDP_PASS\"}", "{\"value\": 1, \"action\": \"XDP_DROP\"}")
                .replace("\"counted 5 len 64\"", "\"counted 5\"");
        Files.writeString(json, older);

        Throwable failure = GoldenSupport.onlyFailure(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(),
                Golden.UPDATE_PARAMETER, "false"));

        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessage("golden file [" + json + "] differs from this run of [recorder] "
                + "in [recorder.o]; if the change is intended, rerun with -Debpftest.golden.update=true and review the new file\n" + """
                --- %s
                +++ this run
                @@ -11,7 +11,7 @@
                       "0030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
                     ]
                   },
                -  "return": {"value": 1, "action": "XDP_DROP"},
                +  "return": {"value": 2, "action": "XDP_PASS"},
                   "output": {
                     "length": 64,
                     "packet": [
                @@ -47,7 +47,7 @@
                     }
                   },
                   "printed": [
                -    "counted 5"
                +    "counted 5 len 64"
                   ],
                   "ring_buffers": {
                     "events": [""".formatted(json));
        AssertionFailedError error = (AssertionFailedError) failure;
        assertThat(error.getExpected().getValue()).isEqualTo(older);
        assertThat(error.getActual().getValue()).isEqualTo(recorded);
    }

    @Test
    void updatingOverwritesADifferentFile() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        String recorded = read(json);
        Files.writeString(json, recorded.replace("XDP_PASS", "XDP_DROP"));

        EngineExecutionResults results = run(CountsOneFrame.class, dir, true);

        Fixtures.assertAllPass(results, 1);
        assertThat(read(json)).isEqualTo(recorded);
        assertThat(reports(results)).containsExactly("wrote [" + json + "]; [" + file(dir, CountsOneFrame.class, "counts.pcap") + "] was up to date");
    }

    @Test
    void aMissingOrStaleCaptureFailsEvenWhenTheJsonMatches() throws IOException {
        run(CountsOneFrame.class, dir, true);
        Path json = file(dir, CountsOneFrame.class, "counts.json");
        Path pcap = file(dir, CountsOneFrame.class, "counts.pcap");
        Map<String, String> check = Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(), Golden.UPDATE_PARAMETER, "false");

        Files.write(pcap, new byte[] {1, 2, 3});
        Throwable stale = GoldenSupport.onlyFailure(CountsOneFrame.class, check);
        Files.delete(pcap);
        Throwable missing = GoldenSupport.onlyFailure(CountsOneFrame.class, check);

        assertThat(stale).hasMessage("golden capture [" + pcap + "] does not hold the frames of [" + json + "], which matches this run; "
                + "rewrite it with -Debpftest.golden.update=true");
        assertThat(missing).hasMessage("golden capture [" + pcap + "] is missing, while [" + json + "] matches this run; "
                + "write it with -Debpftest.golden.update=true");
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class CountsOneFrame {
        @Test
        void counts(BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, 5));
        }
    }

    // Capture files

    @Test
    void theCaptureIsAClassicPcapOfTheInputAndOutputFrames() throws IOException {
        run(BouncesAFrame.class, dir, true);
        byte[] pcap = Files.readAllBytes(file(dir, BouncesAFrame.class, "bounces.pcap"));
        byte[] in = frame(2, 9);
        byte[] out = frame(2, 9);
        out[5] = 1;
        out[11] = 2;

        CaptureFile capture = CaptureFile.read(pcap, "bounces.pcap");

        assertThat(capture.format()).isEqualTo(CaptureFile.Format.PCAP);
        assertThat(capture.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(capture.records()).extracting(PcapRecord::data).containsExactly(in, out);
        assertThat(capture.records()).extracting(PcapRecord::timestampNanos).containsExactly(0L, 1000L);
        assertThat(pcap).isEqualTo(PcapWriter.pcap().write(List.of(PcapRecord.of(0, in), PcapRecord.of(1000, out))));
    }

    @Test
    void metadataStaysOutOfTheCaptureAndIsRecordedBesideTheFrame() throws IOException {
        run(BouncesAFrame.class, dir, true);
        String json = read(file(dir, BouncesAFrame.class, "withMetadata.json"));
        CaptureFile capture = CaptureFile.read(Files.readAllBytes(file(dir, BouncesAFrame.class, "withMetadata.pcap")), "withMetadata.pcap");

        assertThat(capture.records()).extracting(r -> r.data().length).containsExactly(GoldenSupport.FRAME_LENGTH, GoldenSupport.FRAME_LENGTH);
        assertThat(json).contains("    \"metadata\": \"aa bb cc dd\",\n    \"ingress_ifindex\": 1\n  },")
                .contains("    ],\n    \"metadata\": \"aa bb cc dd\"\n  },\n  \"maps\"");
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class BouncesAFrame {
        @Test
        void bounces(BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(2, 9));
        }

        @Test
        void withMetadata(BpfProgram recorder, Golden golden) {
            golden.check(recorder, org.ebpftest.runtime.linux.buffers.XdpInput.of(frame(0, 9)).withMetadata(new byte[] {(byte) 0xaa, (byte) 0xbb,
                (byte) 0xcc, (byte) 0xdd}).receivedOn(1, 0));
        }
    }

    // Where files go

    @Test
    void filesAreNamedAfterClassMethodAndCheckUnderTheDefaultDirectory() {
        Assumptions.assumeTrue(System.getProperty(Golden.DIRECTORY_PARAMETER) == null, "the build sets " + Golden.DIRECTORY_PARAMETER);

        Fixtures.assertAllPass(Fixtures.run(Locations.class, Map.of(Golden.UPDATE_PARAMETER, "false")), 1);

        Path classDirectory = Path.of("src/test/golden/org.ebpftest.junit.GoldenFilesTest.Locations");
        assertThat(Locations.unnamed.get()).isEqualTo(classDirectory.resolve("where.json"));
        assertThat(Locations.named.get()).isEqualTo(classDirectory.resolve("where-second.v2.json"));
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class Locations {
        static final AtomicReference<Path> unnamed = new AtomicReference<>();
        static final AtomicReference<Path> named = new AtomicReference<>();

        @Test
        void where(Golden golden) {
            unnamed.set(golden.file());
            named.set(golden.file("second.v2"));
        }
    }

    @Test
    void everyInvocationOfAParameterizedOrRepeatedTestHasItsOwnFile() {
        Fixtures.assertAllPass(run(Invocations.class, dir, true), 6);

        String base = Invocations.class.getName().replace('$', '.') + "/";
        assertThat(files(dir)).containsExactly(
                base + "keys/1-key-3.json", base + "keys/1-key-3.pcap",
                base + "keys/2-key-4.json", base + "keys/2-key-4.pcap",
                base + "opaque/invocation-1.json", base + "opaque/invocation-1.pcap",
                base + "repeated/repetition-1-of-2-named.json", base + "repeated/repetition-1-of-2-named.pcap",
                base + "repeated/repetition-2-of-2-named.json", base + "repeated/repetition-2-of-2-named.pcap",
                base + "twice/1-7.json", base + "twice/1-7.pcap");
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class Invocations {
        @ParameterizedTest(name = "[{index}] key {0}")
        @ValueSource(ints = {3, 4})
        void keys(int key, BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, key));
        }

        @ParameterizedTest
        @ValueSource(ints = 7)
        void twice(int key, BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, key));
        }

        @RepeatedTest(2)
        void repeated(BpfProgram recorder, Golden golden) {
            golden.check("named", recorder, frame(0, 1));
        }

        /** Without a toString, its display name differs from run to run; the file is named by its index instead. */
        static final class Opaque {
        }

        static Stream<Opaque> opaque() {
            return Stream.of(new Opaque());
        }

        @ParameterizedTest
        @MethodSource
        void opaque(Opaque value, BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, 1));
        }
    }

    // Injection

    @Test
    void fieldsAndParametersOfOneTestShareItsGolden() {
        Fixtures.assertAllPass(run(Injected.class, dir, false), 2);
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class Injected {
        Golden golden;
        private final Golden fromConstructor;
        private Golden fromBeforeEach;

        Injected(Golden golden) {
            this.fromConstructor = golden;
        }

        @org.junit.jupiter.api.BeforeEach
        void setUp(Golden golden) {
            fromBeforeEach = golden;
        }

        @Test
        void one(Golden parameter) {
            assertThat(parameter).isSameAs(golden).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
            assertThat(parameter.file().getFileName()).hasToString("one.json");
        }

        @Test
        void two(Golden parameter) {
            assertThat(parameter).isSameAs(golden);
            assertThat(parameter.file().getFileName()).hasToString("two.json");
        }
    }

    // Mistakes

    @Test
    void mistakesAreNamed() {
        List<String> messages = Fixtures.failureMessages(run(Mistakes.class, dir, true));

        assertThat(messages).containsExactlyInAnyOrder(
                "golden file [" + file(dir, Mistakes.class, "twoUnnamedChecks.json") + "] was already checked in this test; "
                        + "give each check its own name, such as golden.check(\"second\", program, frame)",
                "golden check name [a/b] may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit: "
                        + "it becomes part of a file name",
                "golden files record runs on frames, but program [sampled] in [sampled.o] runs on raw context bytes");
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    @BpfObject("bpf/sampled.o")
    static class Mistakes {
        @Test
        void twoUnnamedChecks(@ObjectProgram(object = "recorder.o") BpfProgram recorder, Golden golden) {
            golden.check(recorder, frame(0, 1));
            golden.check(recorder, frame(0, 2));
        }

        @Test
        void nameWithASlash(@ObjectProgram(object = "recorder.o") BpfProgram recorder, Golden golden) {
            golden.check("a/b", recorder, frame(0, 1));
        }

        @Test
        void programWithoutFrames(@ObjectProgram(object = "sampled.o") BpfProgram sampled, Golden golden) {
            golden.check(sampled, frame(0, 1));
        }
    }

    @Test
    void anUpdateValueOtherThanTrueOrFalseIsRefused() {
        Throwable failure = GoldenSupport.onlyFailure(CountsOneFrame.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(),
                Golden.UPDATE_PARAMETER, "yes"));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessage("configuration parameter [ebpftest.golden.update] must be true or false, but is [yes]");
    }

    @Test
    void aGoldenOutsideATestIsRefused() {
        assertThat(Fixtures.failureMessages(run(OutsideATest.class, dir, false))).containsExactly(
                "parameter [0] of [setUpAll(Golden)] in [GoldenFilesTest.OutsideATest] wants a Golden outside a test method, but golden files "
                        + "belong to one test; inject it into the test method, a @BeforeEach method or an instance field");
        assertThat(GoldenSupport.onlyFailure(StaticField.class, Map.of(Golden.DIRECTORY_PARAMETER, dir.toString(), Golden.UPDATE_PARAMETER, "false")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Golden field [golden] in [GoldenFilesTest.StaticField] must not be static; golden files belong to one test, "
                        + "so use an instance field");
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class OutsideATest {
        @BeforeAll
        static void setUpAll(Golden golden) {
        }

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class StaticField {
        static Golden golden;

        @Test
        void test() {
        }
    }
}
