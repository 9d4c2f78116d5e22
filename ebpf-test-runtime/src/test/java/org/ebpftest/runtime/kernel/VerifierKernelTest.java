package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
