package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * core_type_matches.c: {@code bpf_core_type_matches} of local types against the kernel's, as
 * libbpf's type match relation answers it (member names, integer sizes and signedness, enumerators
 * by name, struct against union, typedefs seen through).
 */
class CoreTypeMatchesKernelTest {
    private static final String OBJECT = "core_type_matches.o";

    private static byte[] object() throws IOException {
        try (InputStream in = CoreTypeMatchesKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    private static long run(LoadedObject object) {
        return run(object, "type_matches");
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, XdpInput.of(new byte[64])).retval();
    }

    @Test
    void matchesLocalTypesAgainstTheKernelsAsLibbpfDoes() throws IOException {
        // given the object resolved against the emulated kernel's BTF
        LoadedObject object = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        // when the program asks which of its local types match the kernel's
        long answer = run(object);

        // then only the enum whose enumerators the kernel has and the signed typedef match, as in
        // Linux 6.18 (bpftool prog run gave 272): sk_buff's sk sits in an anonymous union there,
        // so a local top-level sk does not match; mark is 32 bits, skb_iif signed; no kernel struct
        // only_here exists; struct bpf_map is no union
        assertThat(answer & 1).as("sk_buff with a top-level sk").isZero();
        assertThat(answer >> 1 & 1).as("sk_buff with a 64-bit mark").isZero();
        assertThat(answer >> 2 & 1).as("sk_buff with an unsigned skb_iif").isZero();
        assertThat(answer >> 3 & 1).as("sk_buff with a member the kernel lacks").isZero();
        assertThat(answer >> 4 & 1).as("xdp_action's enumerators by name").isEqualTo(1);
        assertThat(answer >> 5 & 1).as("xdp_action with an enumerator the kernel lacks").isZero();
        assertThat(answer >> 6 & 1).as("a struct only the program has").isZero();
        assertThat(answer >> 7 & 1).as("a union named like a kernel struct").isZero();
        assertThat(answer >> 8 & 1).as("pid_t as a signed int").isEqualTo(1);
        assertThat(answer >> 9 & 1).as("pid_t as an unsigned int").isZero();
    }

    @Test
    void existenceAndSizeAskForACompatibleKind() throws IOException {
        // given the object resolved against the emulated kernel's BTF
        LoadedObject object = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        // then a pid_t that is an integer exists and has the kernel's size, one that is a struct
        // neither exists nor has a size, as in Linux 6.18 (bpftool prog run gave 1025)
        long answer = run(object, "type_exists_compatible");
        assertThat(answer & 1).as("exists(pid_t as int)").isEqualTo(1);
        assertThat(answer >> 1 & 1).as("exists(pid_t as struct)").isZero();
        assertThat(answer >> 4 & 0xf).as("size(pid_t as struct)").isZero();
        assertThat(answer >> 8 & 0xf).as("size(pid_t as unsigned int)").isEqualTo(4);
    }

    @Test
    void everyLocalTypeMatchesItselfAgainstTheObjectsOwnBtf() throws IOException {
        // given the object's own BTF as the target, where every local type is its own candidate
        LoadedObject object = LoadedObject.load(ObjectSpec.parse(OBJECT, object(), CoreTarget.objectBtf()));

        // then each type matches itself, but for the union named like struct bpf_map: the structs
        // the emulator lays out resolve against its own layout even then, and there it is a struct
        assertThat(run(object)).isEqualTo(0x3ff & ~(1 << 7));
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject thisKernel = LoadedObject.load(ObjectSpec.parse(OBJECT, object(), CoreTarget.file(Path.of("/sys/kernel/btf/vmlinux"))));
        try (KernelOracle kernel = KernelOracle.load(object(), "core_type_matches")) {
            for (String program : new String[] {"type_matches", "type_exists_compatible"}) {
                assertThat(run(thisKernel, program)).as(program).isEqualTo(kernel.run(program, new byte[64]).returnValue());
            }
        }
    }
}
