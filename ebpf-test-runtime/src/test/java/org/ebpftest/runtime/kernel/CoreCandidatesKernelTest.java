package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * core_compat.c against target BTFs written in C with several candidates per type: which target
 * fields are compatible with a local field, candidates that must agree (libbpf refuses the object
 * with "field offset ambiguity" or "relocation decision ambiguity" when they do not), enum values
 * of flavoured and 64-bit enums, and candidates pruned by earlier relocations of their type.
 */
class CoreCandidatesKernelTest {
    private static final String OBJECT = "core_compat.o";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CoreCandidatesKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private static ObjectSpec against(String targetObject) throws IOException {
        return ObjectSpec.parse(OBJECT, resource(OBJECT), CoreTarget.of(ObjectSpec.parse(targetObject, resource(targetObject)).btf().orElseThrow()));
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, XdpInput.of(new byte[64])).retval();
    }

    /** What libbpf 1.1 gave on this machine against core_compat_target.o (bpftool prog run). */
    private static Map<String, Long> libbpfAnswers() {
        Map<String, Long> expected = new LinkedHashMap<>();
        // bits 0-14 tell which members exist: short for long long, int * for a struct pointer,
        // enum fc_color___v2 for enum fc_color, long[2] for int[4], a union for a struct, a
        // typedef'd __u64 for const volatile unsigned int, enum fc_color for an anonymous enum,
        // double for float do; void * for int, enum for int, int * for int[2], int for a struct,
        // another enum's name, int for float, int[2] for struct[2] do not
        expected.put("field_compat", 0b001_1010_1010_1101L);
        expected.put("field_values", 2L | 1 << 4 | 8 << 8 | 48 << 16); // short, signed; long arr[1] at 48
        expected.put("compatible_candidate", 4L); // fc_pick's x is a pointer: only fc_pick___v2 counts
        // fc_prune's a is a pointer, so only fc_prune___v2 matches a, and then c exists nowhere
        expected.put("pruned_candidates", 0L);
        // FC_HIGH is 2 in both flavours; FC_MODE_A (3) exists only in fc_mode, which leaves
        // fc_mode___v2, the one with FC_MODE_B, out of the later relocations
        expected.put("enum_values", 2L | 3 << 4 | 0 << 8 | 1 << 9);
        // FC_WIDE_ONE is 0x100000001 in a 64-bit enum there, FC_HUGE 7 in a 32-bit one
        expected.put("enum64_values", 1L | 1 << 8 | 7 << 16);
        return expected;
    }

    @Test
    void answersAsLibbpfAgainstSeveralCandidatesPerType() throws IOException {
        LoadedObject object = LoadedObject.load(against("core_compat_target.o"));

        for (Map.Entry<String, Long> e : libbpfAnswers().entrySet()) {
            assertThat(run(object, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void refusesCandidatesThatReachTheFieldAtOtherOffsets() {
        assertThatThrownBy(() -> against("core_ambiguous_offset_target.o")).isInstanceOf(MalformedObjectException.class)
                .hasMessageContaining("CO-RE relocation 19 at slot 55: FIELD_BYTE_OFFSET of struct fc_pick (access 0:0): field offset ambiguity: 0 != 32 "
                        + "(bit offsets in struct fc_pick___v2 and struct fc_pick of the target)");
    }

    @Test
    void refusesCandidatesThatGiveAFieldOtherSizes() {
        assertThatThrownBy(() -> against("core_ambiguous_size_target.o")).isInstanceOf(MalformedObjectException.class)
                .hasMessageContaining("CO-RE relocation 15 at slot 44: FIELD_BYTE_SIZE of struct fc_pairs (access 0:0): "
                        + "relocation decision ambiguity: success 4 != success 2");
    }

    @Test
    void refusesCandidateEnumsThatGiveAnEnumeratorOtherValues() {
        assertThatThrownBy(() -> against("core_ambiguous_enum_target.o")).isInstanceOf(MalformedObjectException.class)
                .hasMessageContaining("ENUMVAL_VALUE of enum fc_level (access 1): relocation decision ambiguity: success 7 != success 2 "
                        + "(from enum fc_level___v2 and enum fc_level of the target)");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        assumeTrue(KernelOracle.typedLoaderUnavailableReason().isEmpty(), () -> "skipped: " + KernelOracle.typedLoaderUnavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(against("core_compat_target.o"));
        try (KernelOracle kernel = KernelOracle.loadAgainstBtf(resource(OBJECT), "core_compat", resource("core_compat_target.o"))) {
            for (String program : libbpfAnswers().keySet()) {
                assertThat(run(emulated, program)).as(program).isEqualTo(kernel.run(program, new byte[64]).returnValue());
            }
        }
    }

    @Test
    @Tag("kernel")
    void refusesWhereLibbpfRefuses() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        assumeTrue(KernelOracle.typedLoaderUnavailableReason().isEmpty(), () -> "skipped: " + KernelOracle.typedLoaderUnavailableReason().orElse(""));
        Map<String, String[]> refusals = new LinkedHashMap<>();
        refusals.put("core_ambiguous_offset_target.o", new String[] {"relo #19: ", "field offset ambiguity: 0 != 32"});
        refusals.put("core_ambiguous_size_target.o", new String[] {"relo #15: ", "relocation decision ambiguity: success 4 != success 2"});
        refusals.put("core_ambiguous_enum_target.o", new String[] {"relo #22: ", "relocation decision ambiguity: success 7 != success 2"});
        for (Map.Entry<String, String[]> e : refusals.entrySet()) {
            String relo = e.getValue()[0];
            String reason = e.getValue()[1];
            assertThatThrownBy(() -> KernelOracle.loadAgainstBtf(resource(OBJECT), "core_compat", resource(e.getKey())).close())
                    .as(e.getKey()).hasMessageContaining(relo + reason);
            assertThatThrownBy(() -> against(e.getKey())).as(e.getKey())
                    .hasMessageContaining("CO-RE relocation " + relo.substring(6, relo.length() - 2) + " at slot").hasMessageContaining(reason);
        }
    }
}
