package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.ExternSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.helpers.Kfuncs;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * What an object's extern symbols resolve to, as libbpf resolves them against Linux 6.18 when it
 * loads the object. {@code __kconfig} values are answered: {@code LINUX_KERNEL_VERSION} is
 * {@code KERNEL_VERSION(6, 18, 0)} (the emulated kernel's version; libbpf reads the running
 * kernel's sublevel too), and any other value is unknown: zero when declared {@code __weak}, as
 * libbpf defaults it, and a refused load otherwise, as libbpf refuses it. Kfuncs and
 * {@code __ksym} variables are the kernel's; the emulator answers the kfuncs {@link Kfuncs} lists and
 * no variable, and the others load, and a call or an access through a variable's address traps when
 * a run reaches it, naming the symbol.
 * The variable's address points at an empty region named after it.
 */
final class KernelExterns {
    /** The kernel version libbpf gives {@code LINUX_KERNEL_VERSION}: {@code KERNEL_VERSION(6, 18, 0)}. */
    static final int LINUX_KERNEL_VERSION = (6 << 16) + (18 << 8);
    /** Extern i is mapped at this address plus i slots. */
    static final long BASE = Vm.SCRATCH_ADDRESS + (1L << Memory.SLOT_SHIFT);

    private final List<Region> regions = new ArrayList<>();

    KernelExterns(ObjectSpec spec, boolean strict) {
        List<String> refused = new ArrayList<>();
        for (ExternSpec e : spec.externs()) {
            switch (e.kind()) {
                case KCONFIG -> regions.add(kconfig(spec, e));
                case KSYM -> regions.add(new Region("kernel variable " + e.name() + " (a __ksym the emulator does not provide)", new byte[0], false));
                case KFUNC -> regions.add(null);
            }
            if (strict && e.kind() != ExternSpec.Kind.KCONFIG && !(e.kind() == ExternSpec.Kind.KFUNC && Kfuncs.emulated(e.name()).isPresent())) {
                refused.add(e.toString());
            }
        }
        if (!refused.isEmpty()) {
            throw new InvalidProgramException(spec.fileName() + ": strict load refuses the externs the emulator does not provide: " + refused
                    + " (without the strict option they load, and a run that reaches one traps)");
        }
    }

    private static Region kconfig(ObjectSpec spec, ExternSpec e) {
        long value;
        if (e.name().equals("LINUX_KERNEL_VERSION")) {
            value = LINUX_KERNEL_VERSION;
        } else if (e.weak()) {
            value = 0;
        } else {
            throw new InvalidProgramException(spec.fileName() + ": " + e + " is unknown to the emulated Linux 6.18: libbpf refuses a"
                    + " non-weak __kconfig extern it cannot resolve; declare it __weak to read 0");
        }
        byte[] bytes = new byte[Math.max(1, Math.min(8, e.size() == 0 ? 8 : e.size()))];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return new Region("kconfig " + e.name(), bytes, false);
    }

    /** The address a {@code BPF_PSEUDO_BTF_ID} load of extern {@code index} yields, or -1 when it is no variable. */
    long address(int index) {
        if (index < 0 || index >= regions.size() || regions.get(index) == null) {
            return -1;
        }
        return BASE + ((long) index << Memory.SLOT_SHIFT);
    }

    /** Maps the variables' regions into a VM's address space. */
    void mapInto(Vm vm) {
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i) != null) {
                vm.memory().map(regions.get(i), BASE + ((long) i << Memory.SLOT_SHIFT));
            }
        }
    }
}
