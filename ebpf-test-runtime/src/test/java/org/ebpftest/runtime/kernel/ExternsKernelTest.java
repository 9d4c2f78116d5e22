package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.ExternSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * externs.c, ksym_read.c and kconfig_unknown.c: kfuncs and {@code __ksym} variables load and fail
 * where a run uses them, {@code __kconfig} values resolve as libbpf resolves them on Linux 6.18.
 */
class ExternsKernelTest {
    private static byte[] object(String name) throws IOException {
        try (InputStream in = ExternsKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private static LoadedObject load(String name) throws IOException {
        return LoadedObject.load(ObjectSpec.parse(name, object(name)));
    }

    private static byte[] packet(int firstByte) {
        byte[] p = new byte[64];
        p[0] = (byte) firstByte;
        return p;
    }

    @Test
    void readsTheExternsTheObjectDeclares() throws IOException {
        ObjectSpec spec = ObjectSpec.parse("externs.o", object("externs.o"));

        assertThat(spec.externs()).containsExactlyInAnyOrder(
                new ExternSpec("bpf_rcu_read_lock", ExternSpec.Kind.KFUNC, false, 0),
                new ExternSpec("bpf_rcu_read_unlock", ExternSpec.Kind.KFUNC, false, 0),
                new ExternSpec("bpf_prog_put", ExternSpec.Kind.KSYM, false, 0),
                new ExternSpec("LINUX_KERNEL_VERSION", ExternSpec.Kind.KCONFIG, false, 4),
                new ExternSpec("CONFIG_EBPF_TEST_NOT_AN_OPTION", ExternSpec.Kind.KCONFIG, true, 4));
    }

    @Test
    void loadsAnUnemulatedKfuncAndTrapsOnlyWhenARunCallsIt() throws IOException {
        // given an object whose program calls a kfunc only for packets starting with 1
        LoadedObject externs = load("externs.o");

        // when the run does not reach the call, it answers as Linux does
        assertThat(externs.run("kfunc_when_asked", XdpInput.of(packet(0))).retval()).isEqualTo(2);

        // and when it does, it traps at the call, naming the kfunc and the C line
        TrapException trap = catchThrowableOfType(() -> externs.run("kfunc_when_asked", XdpInput.of(packet(1))), TrapException.class);
        assertThat(trap.kind()).isEqualTo(TrapException.Kind.UNSUPPORTED);
        assertThat(trap.detail()).isEqualTo("kfunc bpf_rcu_read_lock is not emulated: the kernel provides it, the emulator does not");
        assertThat(trap.instruction().imm()).isEqualTo(externs.spec().externs().stream().map(ExternSpec::name).toList().indexOf("bpf_rcu_read_lock"));
        assertThat(trap.sourceLine()).get().asString().contains("bpf_rcu_read_lock()");
    }

    @Test
    void givesAKernelSymbolAnAddressAndTrapsAReadThroughItNamingTheVariable() throws IOException {
        // the address alone is a value like any other
        assertThat(load("externs.o").run("ksym_address_when_asked", XdpInput.of(packet(1))).retval()).isEqualTo(1);

        // a read through it traps, naming the variable and the line
        LoadedObject read = load("ksym_read.o");
        assertThat(read.run("read_when_asked", XdpInput.of(packet(0))).retval()).isEqualTo(2);
        TrapException trap = catchThrowableOfType(() -> read.run("read_when_asked", XdpInput.of(packet(1))), TrapException.class);
        assertThat(trap.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(trap.detail()).contains("kernel variable sysctl_unprivileged_bpf_disabled");
        assertThat(trap.sourceLine()).get().asString().contains("return sysctl_unprivileged_bpf_disabled");
    }

    @Test
    void resolvesKconfigValuesAsLibbpfDoesOnLinux618() throws IOException {
        // LINUX_KERNEL_VERSION >> 8 is 6.18's 0x612; the unknown weak option reads 0
        assertThat(load("externs.o").run("kernel_version", XdpInput.of(packet(0))).retval()).isEqualTo(0x612);
    }

    @Test
    void refusesAnUnknownKconfigValueThatIsNotWeak() {
        assertThatThrownBy(() -> load("kconfig_unknown.o"))
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("kconfig value CONFIG_EBPF_TEST_NOT_AN_OPTION is unknown to the emulated Linux 6.18");
    }

    @Test
    void aStrictLoadRefusesKfuncsAndKernelVariablesUpFront() throws IOException {
        ObjectSpec spec = ObjectSpec.parse("externs.o", object("externs.o"));

        assertThatThrownBy(() -> LoadedObject.loader(spec).strict().load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("strict load refuses the externs the emulator does not provide: [kfunc bpf_rcu_read_lock, kfunc bpf_rcu_read_unlock, kernel variable bpf_prog_put]");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoesWhereTheRunStaysInsideWhatIsEmulated() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = object("externs.o");
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("externs.o", object));
        try (KernelOracle kernel = KernelOracle.load(object, "externs")) {
            for (String program : List.of("kfunc_when_asked", "ksym_address_when_asked", "kernel_version")) {
                for (int first : program.equals("kfunc_when_asked") ? new int[] {0} : new int[] {0, 1}) {
                    long expected = kernel.run(program, packet(first)).returnValue();
                    assertThat(emulated.run(program, XdpInput.of(packet(first))).retval()).as(program + " on a packet starting with " + first)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    @Tag("kernel")
    void theKernelRefusesTheUnknownKconfigValueToo() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        assertThatThrownBy(() -> KernelOracle.load(object("kconfig_unknown.o"), "kconfig_unknown").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONFIG_EBPF_TEST_NOT_AN_OPTION");
    }
}
