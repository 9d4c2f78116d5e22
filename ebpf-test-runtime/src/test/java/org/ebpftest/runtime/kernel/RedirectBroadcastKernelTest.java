package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * redirect_broadcast.c: {@code bpf_redirect_map} with {@code BPF_F_BROADCAST} answers XDP_REDIRECT
 * on an empty devmap, as Linux's {@code __bpf_xdp_redirect_map} does without a lookup hit; found
 * running the kernel's selftests' xdp_redirect_multi_kern.o beside the kernel.
 */
class RedirectBroadcastKernelTest {
    private static final String[] PROGRAMS = {"broadcast", "broadcast_excluding_ingress", "unicast_to_an_empty_slot"};

    private static byte[] object() throws IOException {
        try (InputStream in = RedirectBroadcastKernelTest.class.getResourceAsStream("/elf/redirect_broadcast.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void broadcastsRedirectWhateverTheKey() throws IOException {
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("redirect_broadcast.o", object()));

        RunResult broadcast = object.run("broadcast", XdpInput.of(new byte[64]));
        assertThat(broadcast.retval()).isEqualTo(4); // XDP_REDIRECT
        assertThat(broadcast.redirect()).get().satisfies(r -> assertThat(r.helper()).isEqualTo("bpf_redirect_map(ports, broadcast)"));
        assertThat(object.run("broadcast_excluding_ingress", XdpInput.of(new byte[64])).retval()).isEqualTo(4);
        // without the flag an empty slot answers the action in the low bits
        RunResult unicast = object.run("unicast_to_an_empty_slot", XdpInput.of(new byte[64]));
        assertThat(unicast.retval()).isEqualTo(2); // XDP_PASS
        assertThat(unicast.redirect()).isEmpty();
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("redirect_broadcast.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "redirect_broadcast")) {
            for (String program : PROGRAMS) {
                assertThat((long) emulated.run(program, XdpInput.of(new byte[64])).retval()).as(program)
                        .isEqualTo(kernel.run(program, new byte[64]).returnValue());
            }
        }
    }
}
