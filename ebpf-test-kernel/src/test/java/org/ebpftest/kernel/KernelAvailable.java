package org.ebpftest.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** What the kernel-tagged tests share: the skip with the reason, and the example project's objects. */
final class KernelAvailable {
    static final Path EXAMPLES = Path.of("../example-project/src/main/bpf");

    private KernelAvailable() {
    }

    /** Skips the calling test, naming why, where this machine cannot run programs in its kernel. */
    static void assumeKernel() {
        assumeTrue(KernelSupport.unavailableReason().isEmpty(), () -> "kernel backend unavailable: " + KernelSupport.unavailableReason().orElse(""));
    }
}
