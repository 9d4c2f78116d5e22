package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/**
 * Where the probe-read helpers look, as x86-64 decides: kernel reads below the kernel half are
 * -ERANGE before anything is read, user reads see only user-space memory, and {@code bpf_probe_read}
 * picks the side by address. The VM's own memory (stack, maps, context) is kernel memory.
 */
class ProbeReadTest {
    private static final long KERNEL = 0xffff888000001000L;
    private static final long USER = 0x7f0000001000L;

    /** {@code probe_ranges.c}'s slots, as Linux 6.18 recorded them with bpftool prog run. */
    private static final long[] KERNEL_ANSWERS = {-34, 0, -34, -34, -34, -34, -34, -34, -34, 0};

    @Test
    void kernelReadsOfTheUserHalfNonCanonicalAddressesAndNullAreErangeWithTheBufferZeroed() throws IOException {
        LoadedObject object = LoadedObjectTest.load("probe_ranges.o");

        object.run("probe_ranges", XdpInput.of(new byte[64]));

        BpfMap out = object.map("out");
        long[] got = new long[KERNEL_ANSWERS.length];
        for (int i = 0; i < got.length; i++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
            got[i] = ByteBuffer.wrap(out.lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        assertThat(got).containsExactly(KERNEL_ANSWERS);
    }

    /** The 8-byte context every run starts with, so that a read that zeroes it shows. */
    private static final byte[] CONTEXT = {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11};

    /**
     * Runs a generic program that calls {@code helper(ctx, 8, address)}: its r0, and the 8 bytes the
     * helper left in the context (the context itself lies at 0x02000000).
     */
    private static long[] read(LinuxEnvironment env, int helper, long address) {
        Program program = Program.of("probe", new Assembler()
                .mov64(Register.R2, 8)
                .lddw(Register.R3, address)
                .call(helper)
                .exit().build());
        RunResult r = LinuxEmulator.builder().environment(env).build().run(program, ContextType.GENERIC, new RawInput(CONTEXT));
        return new long[] {r.returnValue(), ByteBuffer.wrap(r.finalContext()).order(ByteOrder.LITTLE_ENDIAN).getLong()};
    }

    private static LinuxEnvironment environment() {
        return new LinuxEnvironment()
                .provideKernelMemory(KERNEL, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .provideUserMemory(USER, new byte[] {9, 10, 11, 12, 13, 14, 15, 16});
    }

    @Test
    void eachVariantLooksOnItsOwnSide() {
        assertThat(read(environment(), 113, KERNEL)).as("probe_read_kernel of kernel memory").containsExactly(0, 0x0807060504030201L);
        assertThat(read(environment(), 113, USER)).as("probe_read_kernel of a user address").containsExactly(-34, 0);
        assertThat(read(environment(), 112, USER)).as("probe_read_user of user memory").containsExactly(0, 0x100f0e0d0c0b0a09L);
        assertThat(read(environment(), 112, KERNEL)).as("probe_read_user of a kernel address").containsExactly(-14, 0);
        assertThat(read(environment(), 4, USER)).as("probe_read below TASK_SIZE: the user side").containsExactly(0, 0x100f0e0d0c0b0a09L);
        assertThat(read(environment(), 4, KERNEL)).as("probe_read above it: the kernel side").containsExactly(0, 0x0807060504030201L);
        assertThat(read(environment(), 113, KERNEL + 0x1000)).as("unprovided kernel memory").containsExactly(-14, 0);
    }

    @Test
    void theVmsOwnMemoryIsKernelMemory() {
        // the program's context, which the VM maps at 0x02000000, read onto itself
        assertThat(read(environment(), 113, 0x0200_0000L)).as("probe_read_kernel").containsExactly(0, 0x1111111111111111L);
        assertThat(read(environment(), 4, 0x0200_0000L)).as("probe_read").containsExactly(0, 0x1111111111111111L);
        assertThat(read(environment(), 112, 0x0200_0000L)).as("probe_read_user").containsExactly(-14, 0);
    }

    @Test
    void providedMemoryMustLieOnItsSide() {
        assertThatThrownBy(() -> new LinuxEnvironment().provideKernelMemory(USER, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel memory at 0x7f0000001000: kernel addresses start at 0xffff800000000000 on x86-64;"
                        + " provide user-space memory with provideUserMemory");
        assertThatThrownBy(() -> new LinuxEnvironment().provideUserMemory(KERNEL, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user memory at 0xffff888000001000: user-space addresses end at 0x7ffffffff000 on x86-64;"
                        + " provide kernel memory with provideKernelMemory");
        assertThatThrownBy(() -> new LinuxEnvironment().provideKernelMemory(-4, new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
