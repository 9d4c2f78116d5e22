package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * core_anonymous.c: CO-RE relocations on members inside anonymous unions ({@code __sk_buff}'s
 * {@code sk}, {@code bpf_fib_lookup}'s {@code tos}), whose access paths pass through the unnamed
 * member. The kernel's selftests objects built against vmlinux.h were refused at load over these.
 */
class CoreAnonymousMembersKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = CoreAnonymousMembersKernelTest.class.getResourceAsStream("/elf/core_anonymous.o")) {
            return in.readAllBytes();
        }
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, SkbInput.fromTestRun(new byte[64], null)).retval();
    }

    @Test
    void relocatesMembersInsideAnonymousUnions() throws IOException {
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("core_anonymous.o", object()));

        // offsetof(struct __sk_buff, sk) is 168 and offsetof(struct bpf_fib_lookup, tos) 12 on Linux 6.18
        assertThat(run(object, "offsets")).isEqualTo(168 | 12 << 16);
        // sk is a pointer of 8 bytes and tos exists
        assertThat(run(object, "sizes")).isEqualTo(8 | 1 << 16);
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("core_anonymous.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "core_anonymous")) {
            for (String program : new String[] {"offsets", "sizes"}) {
                assertThat(run(emulated, program)).as(program).isEqualTo(kernel.run(program, new byte[64]).returnValue());
            }
        }
    }
}
