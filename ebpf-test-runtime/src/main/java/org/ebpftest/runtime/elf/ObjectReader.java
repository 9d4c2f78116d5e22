package org.ebpftest.runtime.elf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfExt;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.CoreRelocation;
import org.ebpftest.runtime.btf.CoreResolver;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.btf.LineInfo;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.isa.InstructionCodec;

/**
 * The loading pipeline: ELF sections, BTF, maps, code with its relocations, linking, static map
 * initialisation. Each stage prefixes its errors with where it was, so a message reads like a path
 * from the file to the fault.
 */
final class ObjectReader {
    private final String fileName;
    private final byte[] bytes;
    private final CoreTarget coreTarget;

    private ElfFile elf;
    private Btf btf;
    private BtfExt ext = BtfExt.empty();
    private String license = "";
    private Integer kernelVersion;
    private ElfFile.Section mapsSection;
    private ElfFile.Section legacyMapsSection;
    private final List<ElfFile.Section> dataSections = new ArrayList<>();
    /** {@code .addr_space.1}: global variables in the arena ({@code __arena}), or null. */
    private ElfFile.Section arenaData;
    /** The index of the arena map that holds them, or -1. */
    private int arenaMap = -1;
    private final Map<Integer, CodeSection> code = new LinkedHashMap<>();
    private final List<MapReader.Declared> maps = new ArrayList<>();
    private List<MapReader.ElfMapIds> elfMapIds = List.of();

    ObjectReader(String fileName, byte[] bytes, CoreTarget coreTarget) {
        this.fileName = fileName;
        this.bytes = bytes;
        this.coreTarget = coreTarget;
    }

    ObjectSpec read() {
        try {
            return readAll();
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(fileName + ": " + e.getMessage(), e);
        }
    }

    private ObjectSpec readAll() {
        elf = ElfFile.parse(bytes);
        if (elf.order() == ByteOrder.BIG_ENDIAN) {
            throw new MalformedObjectException("big-endian object (-target bpfeb): programs run little-endian here, "
                    + "as on x86-64 and arm64 kernels; rebuild with -target bpf");
        }
        List<ElfFile.Section> executable = classifySections();
        readBtf();
        readMaps();
        for (ElfFile.Section sec : executable) {
            within(sec.toString(), () -> readCode(sec));
        }
        relocateCore();
        Externs externs = new Externs(btf);
        for (ElfFile.Section rel : elf.sections()) {
            if (rel.type() == ElfFile.SHT_REL && code.containsKey(rel.info())) {
                new Relocator(elf, code, maps, rel, externs, arenaData == null ? -1 : arenaData.index(), arenaMap).apply();
            }
        }
        List<ProgramSpec> programs = Iproute2.typeUntyped(new Linker(code, license).link());
        if (!elfMapIds.isEmpty()) {
            within(legacyMapsSection.toString(), () -> Iproute2.linkMapsOfMaps(elfMapIds));
            Iproute2.fillTailCalls(elfMapIds, programs);
        }
        if (mapsSection != null) {
            for (ElfFile.Section rel : elf.sections()) {
                if (rel.type() == ElfFile.SHT_REL && rel.info() == mapsSection.index()) {
                    within(rel.toString(), () -> new StaticInit(elf, maps, programs, mapsSection).apply(rel));
                }
            }
        }
        List<MapSpec> specs = new ArrayList<>();
        for (MapReader.Declared d : maps) {
            specs.add(d.builder().build());
        }
        return new ObjectSpec(fileName, placeStructOps(programs), specs, license, kernelVersion, btf, externs.all());
    }

    /**
     * Finds the member of a struct_ops variable each program is placed in, as libbpf (1.4 and later)
     * does from the relocations of {@code .struct_ops} and {@code .struct_ops.link}: a relocation at an offset of
     * the section names a program, the section's BTF says which variable and which member of its
     * struct that offset is. The member's prototype is read from the object's BTF, the declaration
     * the program was compiled against (vmlinux.h), which names the kernel's own type.
     */
    private List<ProgramSpec> placeStructOps(List<ProgramSpec> programs) {
        if (btf == null) {
            return programs;
        }
        Map<String, StructOpsMember> placed = new LinkedHashMap<>();
        for (ElfFile.Section rel : elf.sections()) {
            if (rel.type() != ElfFile.SHT_REL || rel.info() <= 0 || rel.info() >= elf.sections().size()) {
                continue;
            }
            ElfFile.Section target = elf.sections().get(rel.info());
            if (!isStructOps(target.name()) || !(sectionType(target.name()) instanceof BtfType.Datasec sec)) {
                continue;
            }
            for (ElfFile.Relocation r : elf.relocations(rel)) {
                ElfFile.Symbol sym = elf.symbol(r.symbol(), rel + ": offset " + r.offset());
                StructOpsMember member = memberAt(sec, r.offset());
                if (sym.type() == ElfFile.STT_FUNC && member != null) {
                    placed.putIfAbsent(sym.name(), member);
                }
            }
        }
        if (placed.isEmpty()) {
            return programs;
        }
        List<ProgramSpec> out = new ArrayList<>(programs.size());
        for (ProgramSpec p : programs) {
            StructOpsMember m = p.type() == ProgramType.STRUCT_OPS ? placed.get(p.name()) : null;
            out.add(m == null ? p : p.withStructOpsMember(m));
        }
        return out;
    }

    /** The sections libbpf reads struct_ops variables from; a leading '?' only stops it creating the map. */
    private static boolean isStructOps(String name) {
        String n = name.startsWith("?") ? name.substring(1) : name;
        return n.equals(".struct_ops") || n.equals(".struct_ops.link");
    }

    private BtfType sectionType(String name) {
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.Datasec d && d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The function pointer member of a struct_ops variable at a section offset, or null. */
    private StructOpsMember memberAt(BtfType.Datasec sec, long offset) {
        for (BtfType.VarSecinfo v : sec.vars()) {
            if (offset < v.offset() || offset >= (long) v.offset() + v.size()
                    || !(btf.type(v.type()) instanceof BtfType.Var var) || !(btf.resolve(var.type()) instanceof BtfType.StructType struct)) {
                continue;
            }
            List<BtfType.Member> members = struct.members();
            for (int i = 0; i < members.size(); i++) {
                BtfType.Member m = members.get(i);
                if ((long) v.offset() + m.bitOffset() / 8 == offset && btf.resolve(m.type()) instanceof BtfType.Pointer ptr
                        && btf.resolve(ptr.target()) instanceof BtfType.FuncProto proto) {
                    return new StructOpsMember(struct.name(), m.name(), i, proto.returnType() != 0);
                }
            }
        }
        return null;
    }

    private List<ElfFile.Section> classifySections() {
        List<ElfFile.Section> executable = new ArrayList<>();
        for (ElfFile.Section s : elf.sections()) {
            switch (s.name()) {
                case "license" -> license = cString(elf.contents(s));
                case "version" -> kernelVersion = version(s);
                case ".maps" -> mapsSection = s;
                case "maps" -> legacyMapsSection = s;
                case ARENA_SECTION -> arenaData = s;
                default -> {
                    if (s.isExecutable() && s.size() > 0) {
                        executable.add(s);
                    } else if (isGlobalData(s) && s.size() > 0) {
                        dataSections.add(s);
                    }
                }
            }
        }
        return executable;
    }

    private static boolean isGlobalData(ElfFile.Section s) {
        String n = s.name();
        // like libbpf: every .data*, .rodata* and .bss* section is its own map (.rodata.config, .bss.A ...)
        boolean named = n.equals(".data") || n.equals(".rodata") || n.equals(".bss") || n.startsWith(".data.") || n.startsWith(".rodata.")
                || n.startsWith(".bss.");
        return named && (s.type() == ElfFile.SHT_PROGBITS || s.type() == ElfFile.SHT_NOBITS);
    }

    private Integer version(ElfFile.Section s) {
        byte[] b = elf.contents(s);
        if (b.length != 4) {
            throw new MalformedObjectException(s + ": " + b.length + " bytes, expected 4");
        }
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private void readBtf() {
        ElfFile.Section btfSection = null;
        ElfFile.Section extSection = null;
        for (ElfFile.Section s : elf.sections()) {
            if (s.name().equals(".BTF")) {
                btfSection = s;
            } else if (s.name().equals(".BTF.ext")) {
                extSection = s;
            }
        }
        if (btfSection == null) {
            return;
        }
        ElfFile.Section b = btfSection;
        within(b.toString(), () -> btf = hiddenFunctionsStatic(fixDatasecs(Btf.parse(elf.contents(b)))));
        if (extSection != null) {
            ElfFile.Section e = extSection;
            within(e.toString(), () -> ext = BtfExt.parse(elf.contents(e), btf));
        }
    }

    /** Fills in what the compiler leaves to the loader: data section sizes and variable offsets. */
    private Btf fixDatasecs(Btf parsed) {
        Btf out = parsed;
        for (BtfType t : parsed.types()) {
            if (!(t instanceof BtfType.Datasec ds)) {
                continue;
            }
            ElfFile.Section sec = sectionNamed(ds.name());
            if (sec == null) {
                continue;
            }
            List<BtfType.VarSecinfo> vars = new ArrayList<>();
            for (BtfType.VarSecinfo v : ds.vars()) {
                String varName = parsed.type(v.type()).name();
                int offset = v.offset();
                for (ElfFile.Symbol sym : elf.symbols()) {
                    if (sym.section() == sec.index() && sym.name().equals(varName) && sym.type() == ElfFile.STT_OBJECT) {
                        offset = (int) sym.value();
                    }
                }
                vars.add(new BtfType.VarSecinfo(v.type(), offset, v.size()));
            }
            vars.sort(Comparator.comparingInt(BtfType.VarSecinfo::offset));
            out = out.replacing(new BtfType.Datasec(ds.id(), ds.name(), (int) sec.size(), vars));
        }
        return out;
    }

    /**
     * As libbpf does before loading (mark_btf_static): a global or weak function of hidden or
     * internal visibility ({@code __hidden}) is made static in BTF, so that the kernel verifies it
     * with its caller's state instead of on its own as a global function.
     */
    private Btf hiddenFunctionsStatic(Btf parsed) {
        Btf out = parsed;
        for (ElfFile.Symbol sym : elf.symbols()) {
            if (sym.type() != ElfFile.STT_FUNC || sym.binding() == ElfFile.STB_LOCAL || !sym.hidden()) {
                continue;
            }
            for (BtfType t : parsed.findAll(sym.name())) {
                if (t instanceof BtfType.Func f && f.linkage() == BtfType.Linkage.GLOBAL) {
                    out = out.replacing(new BtfType.Func(f.id(), f.name(), f.proto(), BtfType.Linkage.STATIC));
                }
            }
        }
        return out;
    }

    private ElfFile.Section sectionNamed(String name) {
        for (ElfFile.Section s : elf.sections()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private void readMaps() {
        MapReader reader = new MapReader(elf, btf);
        if (legacyMapsSection != null) {
            maps.addAll(reader.legacy(legacyMapsSection));
            elfMapIds = reader.elfMapIds();
        }
        if (mapsSection != null) {
            maps.addAll(reader.btfDefined(mapsSection));
        }
        for (ElfFile.Section s : dataSections) {
            maps.add(reader.globalData(s));
        }
        if (arenaData != null && arenaData.size() > 0) {
            placeArenaGlobals();
        }
    }

    /**
     * As libbpf 1.4 to 1.6 do: the {@code .addr_space.1} section's variables live at the start of
     * the object's one arena map, which gets the section's bytes as its initial data.
     */
    private void placeArenaGlobals() {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).builder().build().type() == MapType.ARENA) {
                if (arenaMap >= 0) {
                    throw new MalformedObjectException("map \"" + maps.get(i).name() + "\": only a single arena map is supported (map \""
                            + maps.get(arenaMap).name() + "\" is also an arena)");
                }
                arenaMap = i;
            }
        }
        if (arenaMap < 0) {
            throw new MalformedObjectException(arenaData + ": to use global __arena variables the object must declare an arena map"
                    + " (BPF_MAP_TYPE_ARENA) in SEC(\".maps\")");
        }
        byte[] data = arenaData.type() == ElfFile.SHT_NOBITS ? new byte[(int) Math.min(Integer.MAX_VALUE, arenaData.size())] : elf.contents(arenaData);
        maps.get(arenaMap).builder().initialData(data);
    }

    /** The section clang puts {@code __arena} global variables in (address space 1). */
    private static final String ARENA_SECTION = ".addr_space.1";

    private void readCode(ElfFile.Section sec) {
        byte[] raw = elf.contents(sec);
        CodeSection cs = new CodeSection(sec, InstructionCodec.decode(raw, 0, raw.length, elf.order()));
        Relocator.recordLocalCalls(cs);
        List<ElfFile.Symbol> funcs = new ArrayList<>();
        for (ElfFile.Symbol sym : elf.symbols()) {
            if (sym.section() == sec.index() && sym.type() == ElfFile.STT_FUNC) {
                funcs.add(sym);
            }
        }
        funcs.sort(Comparator.comparingLong(ElfFile.Symbol::value));
        for (int i = 0; i < funcs.size(); i++) {
            ElfFile.Symbol f = funcs.get(i);
            long next = i + 1 < funcs.size() ? funcs.get(i + 1).value() : sec.size();
            long end = f.size() > 0 ? f.value() + f.size() : next;
            String what = "function \"" + f.name() + "\"";
            if (f.value() < 0 || f.value() % 8 != 0 || end % 8 != 0 || end > sec.size() || end <= f.value()
                    || (i > 0 && f.value() < cs.functions.get(i - 1).end() * 8L)) {
                throw new MalformedObjectException(what + ": bytes " + Long.toUnsignedString(f.value()) + " to " + Long.toUnsignedString(end) + " are not a slot range of the section");
            }
            int start = (int) (f.value() / 8);
            int stop = (int) (end / 8);
            cs.at(start, what);
            if (stop < cs.slotCount()) {
                cs.at(stop, what + " end");
            }
            cs.functions.add(new CodeSection.Function(cs, f.name(), start, stop, f.binding() != ElfFile.STB_LOCAL));
        }
        for (LineInfo li : ext.lineInfos(sec.name())) {
            cs.at(li.slot(), "line info");
            cs.lines[li.slot()] = li.line();
        }
        for (FuncInfo fi : ext.funcInfos(sec.name())) {
            cs.at(fi.slot(), "func info \"" + fi.name() + "\"");
            cs.funcInfos.put(fi.slot(), fi);
        }
        code.put(sec.index(), cs);
    }

    /**
     * Applies the CO-RE relocations in the order of {@code .BTF.ext}, as libbpf does, with one
     * resolver for the whole object: a relocation prunes the candidates later ones of its type see.
     */
    private void relocateCore() {
        CoreResolver resolver = null;
        for (String name : ext.coreRelocationSections()) {
            CodeSection cs = null;
            for (CodeSection c : code.values()) {
                if (c.section.name().equals(name)) {
                    cs = c;
                }
            }
            if (cs == null) {
                continue;
            }
            if (resolver == null) {
                resolver = new CoreResolver(btf, coreTarget);
            }
            CodeSection section = cs;
            CoreResolver r = resolver;
            within(cs.section.toString(), () -> relocateCore(section, r));
        }
    }

    private void relocateCore(CodeSection cs, CoreResolver resolver) {
        List<CoreRelocation> core = ext.coreRelocations(cs.section.name());
        for (int i = 0; i < core.size(); i++) {
            CoreRelocation relo = core.get(i);
            String what = "CO-RE relocation " + i + " at slot " + relo.slot();
            Instruction insn = cs.at(relo.slot(), what);
            try {
                cs.bySlot[relo.slot()] = resolver.apply(insn, relo);
            } catch (CoreResolver.NoMatchException e) {
                // libbpf's answer to a type, field or enum value the target lacks: a call the
                // verifier refuses only where its walk reaches it; both slots of a lddw, so
                // the second does not read as an unknown opcode
                String why = what + ": " + e.getMessage();
                for (int slot = relo.slot(); slot < relo.slot() + insn.slots(); slot++) {
                    cs.bySlot[slot] = Instruction.corePoison();
                    cs.poisoned.put(slot, why);
                }
            } catch (MalformedObjectException e) {
                throw new MalformedObjectException(what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs a stage, prefixing its errors with where it was. */
    static void within(String where, Runnable stage) {
        try {
            stage.run();
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(where + ": " + e.getMessage(), e);
        }
    }
}
