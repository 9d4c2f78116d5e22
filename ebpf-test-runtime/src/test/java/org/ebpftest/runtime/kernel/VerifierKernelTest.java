package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ebpftest.runtime.linux.verifier.VerifierCases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdicts {@link VerifierCases} claims, asked of the kernel: each program is loaded with
 * {@code bpftool prog loadall} (as root), and a refused one must be refused with the same message.
 */
@Tag("kernel")
class VerifierKernelTest {
    private static final String ADJUST_META_REFUSAL = "program of this type cannot use helper bpf_xdp_adjust_meta#54";

    static List<VerifierCases.Case> cases() {
        return VerifierCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kernelGivesTheSameVerdict(VerifierCases.Case c) throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        // given the case's program in an object of its type
        String type = section(c.type().name().toLowerCase(Locale.ROOT));
        byte[] object = MinimalElfWriter.write(type, Map.of(c.name(), c.code()));
        // when the kernel loads it, then it loads or refuses as the case says
        if (c.refusal() == null) {
            try (KernelOracle kernel = KernelOracle.loadAs(object, "verifier", type)) {
                assertThat(kernel).isNotNull();
            } catch (IllegalStateException e) {
                // Mainline Linux 6.18 gives XDP programs bpf_xdp_adjust_meta; a kernel built without
                // it cannot confirm the verdict, which follows mainline.
                assumeFalse(c.name().equals("xdp_adjust_meta_in_xdp") && e.getMessage().contains(ADJUST_META_REFUSAL),
                        "this kernel's build refuses bpf_xdp_adjust_meta in XDP programs (\"" + ADJUST_META_REFUSAL
                                + "\"); mainline Linux 6.18 accepts them, as the verifier does");
                throw e;
            }
        } else {
            assertThatThrownBy(() -> KernelOracle.loadAs(object, "verifier", type).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(c.refusal());
        }
    }

    private static String section(String type) {
        return switch (type) {
            case "sched_cls" -> "tc";
            case "socket_filter" -> "socket";
            case "cgroup_skb" -> "cgroup/skb"; // expected attach type 0: ingress
            default -> type;
        };
    }
}
