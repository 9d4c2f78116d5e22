package org.ebpftest.runtime.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.elf.ExternSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.helpers.Kfuncs;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * What an object's extern symbols resolve to, as libbpf resolves them against Linux 6.18 when it
 * loads the object. {@code __kconfig} values are answered as libbpf answers them, stored by the
 * extern's type (bool, {@code enum libbpf_tristate}, char, integer, char array) and refused where
 * libbpf refuses them: {@code CONFIG_*} from the emulated kernel's configuration
 * ({@link KernelConfig}), {@code LINUX_KERNEL_VERSION} as {@code KERNEL_VERSION(6, 18, 0)} (libbpf
 * reads the running kernel's sublevel too), {@code LINUX_HAS_BPF_COOKIE} and
 * {@code LINUX_HAS_SYSCALL_WRAPPER} as true; an option not set reads zero when declared
 * {@code __weak} and refuses the load otherwise. Kfuncs and
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

    KernelExterns(ObjectSpec spec, boolean strict, KernelConfig config) {
        List<String> refused = new ArrayList<>();
        for (ExternSpec e : spec.externs()) {
            switch (e.kind()) {
                case KCONFIG -> regions.add(kconfig(spec, e, config));
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

    /** How libbpf stores a {@code __kconfig} value, from the extern's BTF type. */
    private enum KconfigType {
        BOOL, TRISTATE, CHAR, INT, CHAR_ARRAY, UNKNOWN
    }

    private static Region kconfig(ObjectSpec spec, ExternSpec e, KernelConfig config) {
        Btf btf = spec.btf().orElse(null);
        int size = e.size() == 0 ? 8 : e.size();
        KconfigType type = btf == null ? KconfigType.INT : kconfigType(btf, e.name());
        boolean signed = btf != null && signed(btf, e.name());
        byte[] bytes = new byte[size];
        String name = e.name();
        if (name.startsWith("CONFIG_")) {
            Optional<String> value = config.value(name);
            if (value.isEmpty()) {
                if (!e.weak()) {
                    throw new InvalidProgramException(spec.fileName() + ": " + e + " is unknown to the emulated Linux 6.18 (not set in its"
                            + " configuration): libbpf refuses a non-weak __kconfig extern it cannot resolve; declare it __weak to read 0,"
                            + " or give the option's value with LoadedObject.Loader.kconfig");
                }
            } else {
                setKconfig(spec, e, type, signed, value.get(), bytes);
            }
        } else {
            long value;
            switch (name) {
                case "LINUX_KERNEL_VERSION" -> value = LINUX_KERNEL_VERSION;
                // bpf_get_attach_cookie exists since 5.15
                case "LINUX_HAS_BPF_COOKIE" -> value = 1;
                // x86-64 enters system calls through __x64_sys_* wrappers since 4.17; libbpf finds
                // out with a kprobe, so a kernel built without kprobes makes it read 0 instead
                case "LINUX_HAS_SYSCALL_WRAPPER" -> value = 1;
                default -> {
                    if (!name.startsWith("LINUX_") || !e.weak()) {
                        throw new InvalidProgramException(spec.fileName() + ": " + e + " is unknown to the emulated Linux 6.18: libbpf"
                                + " knows LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER, and CONFIG_ options;"
                                + " it refuses any other name unless it is a __weak LINUX_ one, which reads 0");
                    }
                    value = -1;
                }
            }
            if (value >= 0) {
                setNumber(spec, e, type, signed, value, bytes);
            }
        }
        return new Region("kconfig " + name, bytes, false);
    }

    /** Stores a configuration value as libbpf does for the extern's type, or refuses the load as libbpf does. */
    private static void setKconfig(ObjectSpec spec, ExternSpec e, KconfigType type, boolean signed, String value, byte[] bytes) {
        char first = value.charAt(0);
        if (first == 'y' || first == 'n' || first == 'm') {
            switch (type) {
                case BOOL -> {
                    if (first == 'm') {
                        throw kconfigRefused(spec, e, "value m is a module, which a bool cannot hold (use enum libbpf_tristate or char)");
                    }
                    bytes[0] = (byte) (first == 'y' ? 1 : 0);
                }
                case TRISTATE -> bytes[0] = (byte) (first == 'y' ? 1 : first == 'm' ? 2 : 0);
                case CHAR -> bytes[0] = (byte) first;
                default -> throw kconfigRefused(spec, e, "value " + first + " needs a bool, enum libbpf_tristate or char extern");
            }
        } else if (first == '"') {
            if (type != KconfigType.CHAR_ARRAY) {
                throw kconfigRefused(spec, e, "value " + value + " is a string, which needs a char array extern");
            }
            if (value.length() < 2 || value.charAt(value.length() - 1) != '"') {
                throw kconfigRefused(spec, e, "value " + value + " is not a quoted string");
            }
            byte[] text = value.substring(1, value.length() - 1).getBytes(StandardCharsets.UTF_8);
            // longer strings are cut to the array, which keeps its terminating zero
            System.arraycopy(text, 0, bytes, 0, Math.min(text.length, bytes.length - 1));
        } else {
            long number;
            try {
                number = parseUnsigned(value);
            } catch (NumberFormatException x) {
                throw kconfigRefused(spec, e, "value " + value + " is not an integer");
            }
            if (type != KconfigType.INT && type != KconfigType.CHAR) {
                throw kconfigRefused(spec, e, "value " + value + " is an integer, which needs an integer or char extern");
            }
            setNumber(spec, e, type, signed, number, bytes);
        }
    }

    private static void setNumber(ObjectSpec spec, ExternSpec e, KconfigType type, boolean signed, long value, byte[] bytes) {
        if (type != KconfigType.INT && type != KconfigType.CHAR && type != KconfigType.BOOL) {
            throw kconfigRefused(spec, e, "value " + Long.toUnsignedString(value) + " needs an integer, char or bool extern");
        }
        if (type == KconfigType.BOOL && Long.compareUnsigned(value, 1) > 0) {
            throw kconfigRefused(spec, e, "value " + Long.toUnsignedString(value) + " is not a bool");
        }
        int bits = bytes.length * 8;
        boolean fits = bits >= 64 || (signed ? Long.compareUnsigned(value + (1L << (bits - 1)), 1L << bits) < 0 : value >>> bits == 0);
        if (!fits || (bytes.length != 1 && bytes.length != 2 && bytes.length != 4 && bytes.length != 8)) {
            throw kconfigRefused(spec, e, "value " + Long.toUnsignedString(value) + " does not fit its " + bytes.length + " bytes");
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
    }

    /** A number as C's {@code strtoull(s, NULL, 0)} reads it whole: decimal, {@code 0x} hexadecimal or {@code 0} octal. */
    private static long parseUnsigned(String s) {
        String digits = s;
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            digits = s.substring(2);
            radix = 16;
        } else if (s.length() > 1 && s.startsWith("0")) {
            digits = s.substring(1);
            radix = 8;
        }
        if (digits.startsWith("-")) {
            return -Long.parseUnsignedLong(digits.substring(1), radix);
        }
        return Long.parseUnsignedLong(digits.startsWith("+") ? digits.substring(1) : digits, radix);
    }

    private static InvalidProgramException kconfigRefused(ObjectSpec spec, ExternSpec e, String why) {
        return new InvalidProgramException(spec.fileName() + ": " + e + ": " + why + "; libbpf refuses the object so");
    }

    private static KconfigType kconfigType(Btf btf, String name) {
        return varType(btf, name).map(id -> kconfigType(btf, id)).orElse(KconfigType.UNKNOWN);
    }

    private static KconfigType kconfigType(Btf btf, int typeId) {
        BtfType t = btf.resolve(typeId);
        if (t instanceof BtfType.IntType i) {
            if (i.isBool()) {
                return i.size() == 1 ? KconfigType.BOOL : KconfigType.UNKNOWN;
            }
            if (i.size() == 1) {
                return KconfigType.CHAR;
            }
            return Integer.bitCount(i.size()) == 1 && i.size() <= 8 ? KconfigType.INT : KconfigType.UNKNOWN;
        }
        if (t instanceof BtfType.EnumType en) {
            return en.name().equals("libbpf_tristate") && (en.wide() || en.size() == 4) ? KconfigType.TRISTATE : KconfigType.UNKNOWN;
        }
        if (t instanceof BtfType.ArrayType a) {
            return a.count() > 0 && kconfigType(btf, a.element()) == KconfigType.CHAR ? KconfigType.CHAR_ARRAY : KconfigType.UNKNOWN;
        }
        return KconfigType.UNKNOWN;
    }

    private static boolean signed(Btf btf, String name) {
        return varType(btf, name).map(btf::resolve).map(t -> t instanceof BtfType.IntType i && i.signed()).orElse(false);
    }

    private static Optional<Integer> varType(Btf btf, String name) {
        return btf.findAll(name).stream().filter(t -> t instanceof BtfType.Var).map(t -> ((BtfType.Var) t).type()).findFirst();
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
