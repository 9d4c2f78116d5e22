package org.ebpftest.runtime.elf;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;

/**
 * Collects the object's extern symbols as relocations reach them, numbering each once, and tells a
 * {@code __kconfig} variable from a {@code __ksym} one by the BTF data section clang puts it in
 * ({@code .kconfig} or {@code .ksyms}), as libbpf does.
 */
final class Externs {
    private static final int STB_WEAK = 2;

    private final Btf btf;
    private final List<ExternSpec> list = new ArrayList<>();

    Externs(Btf btf) {
        this.btf = btf;
    }

    /** The index of the extern a call (kfunc) or a {@code lddw} (variable) refers to. */
    int indexOf(ElfFile.Symbol sym, boolean call) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(sym.name())) {
                return i;
            }
        }
        boolean weak = sym.binding() == STB_WEAK;
        ExternSpec e = call
                ? new ExternSpec(sym.name(), ExternSpec.Kind.KFUNC, weak, 0)
                : new ExternSpec(sym.name(), isKconfig(sym.name()) ? ExternSpec.Kind.KCONFIG : ExternSpec.Kind.KSYM, weak, size(sym.name()));
        list.add(e);
        return list.size() - 1;
    }

    List<ExternSpec> all() {
        return List.copyOf(list);
    }

    private boolean isKconfig(String name) {
        if (btf == null) {
            // Without BTF only the names tell; libbpf itself needs BTF for externs.
            return name.startsWith("CONFIG_") || name.startsWith("LINUX_");
        }
        return btf.find(".kconfig", BtfKind.DATASEC).map(ds -> contains((BtfType.Datasec) ds, name)).orElse(false);
    }

    private boolean contains(BtfType.Datasec ds, String name) {
        return ds.vars().stream().anyMatch(v -> btf.type(v.type()).name().equals(name));
    }

    private int size(String name) {
        if (btf == null) {
            return 0;
        }
        for (BtfType t : btf.findAll(name)) {
            if (t instanceof BtfType.Var v) {
                try {
                    return (int) Math.min(Integer.MAX_VALUE, btf.sizeOf(v.type()));
                } catch (MalformedObjectException e) {
                    return 0; // an untyped ksym ("const void"): only its address is used
                }
            }
        }
        return 0;
    }
}
