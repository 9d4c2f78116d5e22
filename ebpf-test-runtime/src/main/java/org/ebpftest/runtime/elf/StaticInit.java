package org.ebpftest.runtime.elf;

import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Applies {@code .rel.maps}: the static initialisation of program arrays ({@code .values = { [1] =
 * &tail }}) and maps of maps ({@code .values = { [0] = &inner }}) in BTF-defined maps.
 */
final class StaticInit {
    private final ElfFile elf;
    private final List<MapReader.Declared> maps;
    private final List<ProgramSpec> programs;
    private final ElfFile.Section mapsSection;

    StaticInit(ElfFile elf, List<MapReader.Declared> maps, List<ProgramSpec> programs, ElfFile.Section mapsSection) {
        this.elf = elf;
        this.maps = maps;
        this.programs = programs;
        this.mapsSection = mapsSection;
    }

    void apply(ElfFile.Section rel) {
        for (ElfFile.Relocation r : elf.relocations(rel)) {
            try {
                apply(r);
            } catch (MalformedObjectException e) {
                throw new MalformedObjectException("relocation " + r.index() + ": " + e.getMessage(), e);
            }
        }
    }

    private void apply(ElfFile.Relocation r) {
        if (r.type() != Relocator.R_BPF_64_64 && r.type() != Relocator.R_BPF_64_ABS64) {
            throw new MalformedObjectException("unsupported relocation type " + r.type() + " in " + mapsSection);
        }
        MapReader.Declared outer = null;
        for (MapReader.Declared d : maps) {
            if (d.section() == mapsSection.index() && d.contains(r.offset())) {
                outer = d;
            }
        }
        if (outer == null) {
            throw new MalformedObjectException("offset " + Long.toUnsignedString(r.offset()) + " is inside no map definition");
        }
        String what = "map \"" + outer.name() + "\"";
        if (outer.valuesOffset() < 0) {
            throw new MalformedObjectException(what + " has no values to initialise");
        }
        long rel = r.offset() - outer.offset() - outer.valuesOffset();
        MapSpec spec = outer.builder().build();
        if (rel < 0 || rel % 8 != 0 || rel / 8 >= spec.maxEntries()) {
            throw new MalformedObjectException(what + ": offset " + Long.toUnsignedString(r.offset()) + " is not a slot of its values");
        }
        int slot = (int) (rel / 8);
        ElfFile.Symbol sym = elf.symbol(r.symbol(), what + ": slot " + slot);
        if (spec.type() == MapType.PROG_ARRAY) {
            boolean isProgram = sym.type() == ElfFile.STT_FUNC && programs.stream().anyMatch(p -> p.name().equals(sym.name()));
            if (!isProgram) {
                throw new MalformedObjectException(what + ": slot " + slot + ": symbol \"" + sym.name() + "\" is not a program");
            }
        } else {
            boolean isMap = sym.section() == mapsSection.index()
                    && maps.stream().anyMatch(m -> m.section() == mapsSection.index() && m.offset() == sym.value() && m.name().equals(sym.name()));
            if (!isMap) {
                throw new MalformedObjectException(what + ": slot " + slot + ": symbol \"" + sym.name() + "\" is not a map");
            }
        }
        outer.builder().initialReference(slot, sym.name());
    }
}
