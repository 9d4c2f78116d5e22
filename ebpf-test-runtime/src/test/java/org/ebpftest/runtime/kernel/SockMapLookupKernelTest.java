package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * sockmap_lookup.c: a tc program's lookups in a sockmap and a sockhash, which Linux allows (they
 * return a referenced socket or NULL); found running the kernel's selftests' test_sockmap_update.o
 * beside the kernel, which the emulator refused as a lookup the verifier rejects.
 */
class SockMapLookupKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = SockMapLookupKernelTest.class.getResourceAsStream("/elf/sockmap_lookup.o")) {
            return in.readAllBytes();
        }
    }

    private static LoadedObject load() throws IOException {
        return LoadedObject.load(ObjectSpec.parse("sockmap_lookup.o", object()));
    }

    @Test
    void findsNullInEmptyMaps() throws IOException {
        // a 64-byte packet looks up key 64: past the sockmap's end, and not in the sockhash
        assertThat(load().run("family_of_socket", SkbInput.fromTestRun(new byte[64], null)).retval()).isEqualTo(1);
        assertThat(load().run("family_of_socket", SkbInput.fromTestRun(new byte[20], null)).retval()).isEqualTo(1);
    }

    @Test
    void stopsNamingTheSocketWhereAKeyHoldsOne() throws IOException {
        // given the sockhash holds something under key 64, set from user space
        LoadedObject object = load();
        object.map("by_key").update(new byte[] {64, 0, 0, 0}, new byte[8], 0);

        // then the lookup that finds it stops the run: the emulator keeps no socket there
        assertThatThrownBy(() -> object.run("family_of_socket", SkbInput.fromTestRun(new byte[64], null)))
                .hasMessageContaining("bpf_map_lookup_elem on sockhash \"by_key\": the key holds a socket (struct sock), which the emulator does not model");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = load();
        try (KernelOracle kernel = KernelOracle.load(object(), "sockmap_lookup")) {
            for (int length : new int[] {14, 20, 64}) {
                assertThat((long) emulated.run("family_of_socket", SkbInput.fromTestRun(new byte[length], null)).retval()).as("length %d", length)
                        .isEqualTo(kernel.run("family_of_socket", new byte[length]).returnValue());
            }
        }
    }
}
