package org.ebpftest.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;

/**
 * The running kernel's own BTF ({@code /sys/kernel/btf/vmlinux}), read once, where kfuncs and
 * typed {@code __ksym} variables are found by name as libbpf finds them: a kfunc call carries the
 * id of the kernel's {@code FUNC}, a variable's address load the id of its {@code VAR}, both with
 * BTF object 0 (vmlinux itself; module BTF is not searched).
 */
final class KernelBtf {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private static volatile Btf vmlinux;

    private KernelBtf() {
    }

    /** The id of a type of that name and kind in the kernel's BTF, or empty when it has none. */
    static OptionalInt id(String name, BtfKind kind) {
        Optional<org.ebpftest.runtime.btf.BtfType> found = vmlinux().find(name, kind);
        return found.isPresent() ? OptionalInt.of(found.get().id()) : OptionalInt.empty();
    }

    private static Btf vmlinux() {
        Btf btf = vmlinux;
        if (btf == null) {
            synchronized (KernelBtf.class) {
                if (vmlinux == null) {
                    try {
                        vmlinux = Btf.parse(Files.readAllBytes(VMLINUX));
                    } catch (IOException e) {
                        throw new KernelException("cannot read the kernel's BTF at " + VMLINUX + " (a kernel built without CONFIG_DEBUG_INFO_BTF has none): "
                                + e.getMessage(), 0, e);
                    }
                }
                btf = vmlinux;
            }
        }
        return btf;
    }
}
