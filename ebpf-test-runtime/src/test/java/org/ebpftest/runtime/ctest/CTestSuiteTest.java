package org.ebpftest.runtime.ctest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.junit.jupiter.api.Test;

/** The two C test conventions, on objects written for them in {@code ctests/} (C sources beside them). */
class CTestSuiteTest {

    static ObjectSpec object(String name) {
        try (InputStream in = CTestSuiteTest.class.getResourceAsStream("/ctests/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, CTestResult> byName(List<CTestResult> results) {
        return results.stream().collect(Collectors.toMap(r -> r.test().name(), Function.identity()));
    }

    @Test
    void findsPktgenSetupCheckTestsInNameOrderWithTheirPrograms() {
        CTestSuite suite = CTestSuite.of(object("suite.o"));

        assertThat(suite.convention()).isEqualTo(Convention.PKTGEN_SETUP_CHECK);
        assertThat(suite.tests()).extracting(CTest::name)
                .containsExactly("a_ipv6_is_dropped", "b_maps_persist", "c_xdp_without_setup", "d_skipped");
        assertThat(suite.tests().get(0).programs()).containsExactly("ipv6_pktgen", "ipv6_setup", "ipv6_check");
        assertThat(suite.tests().get(0).source()).hasValueSatisfying(l -> assertThat(l.file()).endsWith("suite.c"));
    }

    @Test
    void passesPktgenSetupCheckTestsThatHold() {
        // Given PKTGEN building a 64-byte IPv6 frame, SETUP dropping it and recording 7 in a map,
        // CHECK asserting SETUP's status, frame and map; a second test reading that map; an XDP test.
        List<CTestResult> results = CTestSuite.of(object("suite.o")).run();

        Map<String, CTestResult> r = byName(results);
        assertThat(r.get("a_ipv6_is_dropped").status()).as(r.get("a_ipv6_is_dropped").toString()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("a_ipv6_is_dropped").log()).contains("PASS setup_returned_shot", "PASS frame_is_setups",
                "  frame of 64 bytes after the status", "PASS ipv6_not_counted");
        assertThat(r.get("b_maps_persist").status()).as("maps persist from test to test").isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("c_xdp_without_setup").status()).as(r.get("c_xdp_without_setup").toString()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("d_skipped").status()).isEqualTo(CTestResult.Status.SKIPPED);
        assertThat(r.get("d_skipped").reason()).isEqualTo("not_here");
    }

    @Test
    void reportsFailedAssertionsWithTheirLineAndWhatTheTestLogged() {
        Map<String, CTestResult> r = byName(CTestSuite.of(object("suite_failing.o")).run());

        CTestResult wrong = r.get("a_wrong_length");
        assertThat(wrong.status()).isEqualTo(CTestResult.Status.FAILED);
        assertThat(wrong.reason()).isEqualTo("length_is_60: len is 3520; assert failed at suite_failing.c:14: skb->len == 60");
        assertThat(wrong.log()).containsExactly("FAIL length_is_60", "  len is 3520", "  assert failed at suite_failing.c:14: skb->len == 60",
                "PASS still_runs");
        assertThat(wrong.summaryLine()).startsWith("FAIL a_wrong_length: length_is_60: ");
        assertThat(r.get("b_passes").status()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("c_setup_fails").reason()).isEqualTo("SETUP program setup_fails returned TEST_FAIL (102)");
    }

    @Test
    void clearsTheResultMapBetweenTests() {
        // Given a failing test followed by a passing one: the passing one must not see the failed entries.
        CTestSuite suite = CTestSuite.of(object("suite_failing.o"));
        CTestSuite.Session session = suite.start();

        session.run(suite.tests().get(0));
        CTestResult second = session.run(suite.tests().get(1));

        assertThat(second.status()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(second.log()).containsExactly("PASS fine");
    }

    @Test
    void aClosedSessionRunsNoMoreTestsOnItsObject() {
        CTestSuite suite = CTestSuite.of(object("suite.o"));
        CTestSuite.Session session = suite.start();

        session.close();

        assertThatThrownBy(() -> session.run(suite.tests().get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("object suite.o is closed");
    }

    @Test
    void findsAnnotatedProgramsWithDescriptionsButNotAuxiliaryOnes() {
        CTestSuite suite = CTestSuite.of(object("annotated.o"));

        assertThat(suite.convention()).isEqualTo(Convention.TEST_LOADER);
        assertThat(suite.tests()).extracting(CTest::displayName).containsExactly("passes_test_loader_frame",
                "negative_retval", "hex_retval", "reads_past_the_frame", "reads_unchecked_header", "leaks_a_sample", "reserves_a_variable_size",
                "only_loads", "indexes_with_a_signed_value", "calls_a_global_function",
                "tc sees test_loader's 64 bytes");
    }

    @Test
    void checksRetvalOnTestLoadersInputAndRefusalsAgainstTheVerifier() {
        Map<String, CTestResult> r = byName(CTestSuite.of(object("annotated.o")).run());

        assertThat(r.get("passes_test_loader_frame").status()).as(r.get("passes_test_loader_frame").toString())
                .isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("tc_length").status()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("negative_retval").status()).isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("hex_retval").status()).isEqualTo(CTestResult.Status.PASSED);
        // __failure with the kernel's message passes; __success without __retval passes when the verifier accepts it
        assertThat(r.get("reads_past_the_frame").summaryLine()).isEqualTo("PASS reads_past_the_frame");
        assertThat(r.get("reads_unchecked_header").summaryLine()).isEqualTo("PASS reads_unchecked_header");
        assertThat(r.get("only_loads").summaryLine()).isEqualTo("PASS only_loads");
        assertThat(r.get("leaks_a_sample").summaryLine()).isEqualTo("PASS leaks_a_sample");
        assertThat(r.get("reserves_a_variable_size").summaryLine()).isEqualTo("PASS reserves_a_variable_size");
        assertThat(r.get("indexes_with_a_signed_value").summaryLine()).isEqualTo("PASS indexes_with_a_signed_value");
        // the global function is verified on its own, where its unchecked packet read is refused
        assertThat(r.get("calls_a_global_function").summaryLine()).isEqualTo("PASS calls_a_global_function");
    }

    @Test
    void reportsAWrongRetvalByNameAndAFailedExpectationByItsLine() {
        Map<String, CTestResult> r = byName(CTestSuite.of(object("annotated_failing.o")).run());

        assertThat(r.get("wrong_action").summaryLine())
                .isEqualTo("FAIL wrong_action: returned XDP_PASS (2), expected XDP_DROP (1) (__retval(XDP_DROP)) [annotated_failing.c:10]");
        assertThat(r.get("failed_expectation").summaryLine()).isEqualTo("FAIL failed_expectation: annotated_failing.c:16: expected"
                + " ctx->data_end - ctx->data == 65, but was 64 and 65");
        assertThat(r.get("passes").summaryLine()).isEqualTo("PASS passing neighbour");
        assertThat(r.get("refused_for_another_reason").summaryLine()).isEqualTo("FAIL refused_for_another_reason: the verifier refused it"
                + " with \"invalid access to packet, off=23 size=1, R1(id=0,off=23,r=0)\" at pc 1 [annotated_failing.c:31], which does not"
                + " contain __msg(\"R0 invalid mem access 'map_value_or_null'\")");
        assertThat(r.get("refused_but_expected_to_load").summaryLine()).isEqualTo("FAIL refused_but_expected_to_load: expects the verifier"
                + " to accept it, but it refused it: invalid access to packet, off=14 size=1, R1(id=0,off=14,r=0) at pc 1 [annotated_failing.c:39]");
    }

    @Test
    void readsRetvalsAsTestLoaderDoesAndReturnCodeNames() {
        assertThat(TestLoaderConvention.expected("INT_MIN", ProgramType.XDP.returnCodes())).isEqualTo(Integer.MIN_VALUE);
        assertThat(TestLoaderConvention.expected("TEST_DATA_LEN", ProgramType.XDP.returnCodes())).isEqualTo(64);
        assertThat(TestLoaderConvention.expected("0x1f", ProgramType.XDP.returnCodes())).isEqualTo(31);
        assertThat(TestLoaderConvention.expected("TC_ACT_SHOT", ProgramType.SCHED_CLS.returnCodes())).isEqualTo(2);
        assertThatThrownBy(() -> TestLoaderConvention.expected("XDP_PAS", ProgramType.XDP.returnCodes()))
                .hasMessage("__retval(XDP_PAS) is neither a number, INT_MIN, POINTER_VALUE, TEST_DATA_LEN nor a return code of XDP"
                        + " (XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT)");
    }

    @Test
    void findsNoTestsInAnObjectOfNeitherConvention() {
        CTestSuite suite = CTestSuite.of(CTestSuiteTest.object("../elf/maps.o"));

        assertThat(suite.convention()).isEqualTo(Convention.NONE);
        assertThat(suite.tests()).isEmpty();
        assertThat(ReturnCodes.XDP.codes()).isNotEmpty();
    }

    @Test
    void btfPathResolvesCoReRelocationsAgainstTheNamedFileBesideTheObject() throws Exception {
        // given an object read from its file, whose tests name a BTF file with __btf_path
        java.nio.file.Path file = java.nio.file.Path.of(CTestSuiteTest.class.getResource("/ctests/btf_path.o").toURI());
        Map<String, CTestResult> r = byName(CTestSuite.of(ObjectSpec.load(file)).run());

        // then the offset is the one btf_path_target.o's layout gives (8), not the local 0, and a
        // missing file fails the test naming it
        assertThat(r.get("offset_from_the_target").status()).as(r.get("offset_from_the_target").toString())
                .isEqualTo(CTestResult.Status.PASSED);
        assertThat(r.get("target_file_missing").status()).isEqualTo(CTestResult.Status.FAILED);
        assertThat(r.get("target_file_missing").reason()).contains("__btf_path(\"no_such_file.o\")", "no_such_file.o");
    }
}
