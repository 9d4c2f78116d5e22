package org.ebpftest.runtime.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.CoreTarget;

/**
 * What an eBPF object file ({@code clang -O2 -g -target bpf -c x.c}) declares, read the way libbpf
 * reads it: its programs, linked and relocated; its maps, including the arrays behind global data;
 * its license, kernel version and BTF. Loading is deterministic and touches nothing outside the
 * bytes it is given and the BTF its CO-RE relocations resolve against ({@link CoreTarget}, by
 * default the emulated kernel's, shipped with the runtime); creating maps and running programs is
 * the emulator's work. Immutable.
 *
 * <pre>{@code
 * ObjectSpec obj = ObjectSpec.load(Path.of("xdp_fw.o"));
 * ProgramSpec prog = obj.program("xdp_fw");
 * System.out.println(prog.listing());
 * }</pre>
 */
public final class ObjectSpec {
    private final String fileName;
    private final List<ProgramSpec> programs;
    private final List<MapSpec> maps;
    private final String license;
    private final Integer kernelVersion;
    private final Btf btf;
    private final List<ExternSpec> externs;
    /** The file the object was read from, when known: coverage looks for the C sources beside it. */
    private final Path origin;

    ObjectSpec(String fileName, List<ProgramSpec> programs, List<MapSpec> maps, String license, Integer kernelVersion, Btf btf) {
        this(fileName, programs, maps, license, kernelVersion, btf, List.of());
    }

    ObjectSpec(String fileName, List<ProgramSpec> programs, List<MapSpec> maps, String license, Integer kernelVersion, Btf btf,
            List<ExternSpec> externs) {
        this(fileName, programs, maps, license, kernelVersion, btf, externs, null);
    }

    private ObjectSpec(String fileName, List<ProgramSpec> programs, List<MapSpec> maps, String license, Integer kernelVersion, Btf btf,
            List<ExternSpec> externs, Path origin) {
        this.origin = origin;
        this.externs = List.copyOf(externs);
        this.fileName = fileName;
        this.programs = List.copyOf(programs);
        this.maps = List.copyOf(maps);
        this.license = license;
        this.kernelVersion = kernelVersion;
        this.btf = btf;
    }

    /**
     * The symbols the object uses without defining them (kfuncs, {@code __ksym} and
     * {@code __kconfig} variables), numbered as the programs' instructions refer to them.
     */
    public List<ExternSpec> externs() {
        return externs;
    }

    /**
     * Reads an object file.
     *
     * @throws org.ebpftest.runtime.MalformedObjectException whose message reads like a path to the fault, starting with the file name
     * @throws UncheckedIOException if the file cannot be read
     */
    public static ObjectSpec load(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readAllBytes(file)).withOrigin(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads an object from its bytes; CO-RE relocations resolve against the target the
     * {@value CoreTarget#PROPERTY} system property chooses, by default the emulated kernel's BTF
     * (Linux 6.18's {@code vmlinux}, as libbpf resolves them on such a machine).
     *
     * @param fileName the name error messages start with
     * @throws org.ebpftest.runtime.MalformedObjectException whose message reads like a path to the fault
     */
    public static ObjectSpec parse(String fileName, byte[] bytes) {
        return parse(fileName, bytes, CoreTarget.fromSystemProperty());
    }

    /**
     * Reads an object from its bytes, resolving CO-RE relocations against a kernel's BTF.
     *
     * @param targetBtf the BTF the programs will run against (such as another machine's
     *     {@code /sys/kernel/btf/vmlinux}), or null for the object's own ({@link CoreTarget#objectBtf()})
     * @throws org.ebpftest.runtime.MalformedObjectException whose message reads like a path to the fault
     */
    public static ObjectSpec parse(String fileName, byte[] bytes, Btf targetBtf) {
        return parse(fileName, bytes, targetBtf == null ? CoreTarget.objectBtf() : CoreTarget.of(targetBtf));
    }

    /**
     * Reads an object from its bytes, resolving CO-RE relocations against the BTF a target names,
     * as libbpf's {@code btf_custom_path} option chooses it.
     *
     * @throws org.ebpftest.runtime.MalformedObjectException whose message reads like a path to the fault
     */
    public static ObjectSpec parse(String fileName, byte[] bytes, CoreTarget coreTarget) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(coreTarget, "coreTarget");
        return new ObjectReader(fileName, bytes.clone(), coreTarget).read();
    }

    /**
     * This object with one program's type given explicitly, as {@code tc filter ... bpf obj X sec S}
     * gives it: the program then runs on that type's context and its {@link ProgramSpec#typedBy()}
     * is {@link TypeRule#EXPLICIT}. Needed where no section convention types a program, or types
     * it otherwise than the loader the object was written for.
     *
     * @throws IllegalArgumentException listing the object's programs when none has that name
     */
    public ObjectSpec withProgramType(String programName, ProgramType type) {
        Objects.requireNonNull(type, "type");
        ProgramSpec target = program(programName);
        List<ProgramSpec> out = new ArrayList<>();
        for (ProgramSpec p : programs) {
            out.add(p == target ? p.withType(type, TypeRule.EXPLICIT) : p);
        }
        return new ObjectSpec(fileName, out, maps, license, kernelVersion, btf, externs, origin);
    }

    /**
     * This object with every program given one type explicitly, as tc and {@code ip link} type all
     * the sections of an object they load.
     */
    public ObjectSpec withProgramType(ProgramType type) {
        Objects.requireNonNull(type, "type");
        return new ObjectSpec(fileName, programs.stream().map(p -> p.withType(type, TypeRule.EXPLICIT)).toList(), maps, license,
                kernelVersion, btf, externs, origin);
    }

    /**
     * This object with one map replaced by {@code map}, found by its name: a map's sizes or flags
     * set before load, as libbpf's {@code bpf_map__set_*} functions set them between open and load.
     *
     * @throws IllegalArgumentException listing the object's maps when none has that name
     */
    public ObjectSpec withMap(MapSpec map) {
        Objects.requireNonNull(map, "map");
        if (maps.stream().noneMatch(m -> m.name().equals(map.name()))) {
            throw new IllegalArgumentException(fileName + " has no map \"" + map.name() + "\"; its maps: " + maps.stream().map(MapSpec::name).toList());
        }
        return new ObjectSpec(fileName, programs, maps.stream().map(m -> m.name().equals(map.name()) ? map : m).toList(), license,
                kernelVersion, btf, externs, origin);
    }

    /**
     * This object remembering the file it was read from ({@link #load(Path)} does it; a caller that
     * read the bytes itself may), so that coverage reports name the object by its path and find
     * the C sources beside it. Parsing never depends on it.
     */
    public ObjectSpec withOrigin(Path file) {
        return new ObjectSpec(fileName, programs, maps, license, kernelVersion, btf, externs, file.toAbsolutePath().normalize());
    }

    /** The file the object was read from, absolute, when known (see {@link #withOrigin(Path)}). */
    public Optional<Path> origin() {
        return Optional.ofNullable(origin);
    }

    /**
     * A program's disassembly with its C source lines and its map references named, such as
     * {@code r1 = map[flows]}.
     *
     * @throws IllegalArgumentException if the object has no program of that name
     */
    public String listing(String programName) {
        return program(programName).listing(maps);
    }

    /** The file name the object was read under. */
    public String fileName() {
        return fileName;
    }

    /** The programs, in section order and then in order within each section. */
    public List<ProgramSpec> programs() {
        return programs;
    }

    /**
     * The program with a name.
     *
     * @throws IllegalArgumentException listing the object's programs when none has that name
     */
    public ProgramSpec program(String name) {
        return findProgram(name).orElseThrow(() -> new IllegalArgumentException(
                fileName + ": no program named \"" + name + "\"; programs are " + names(programs.stream().map(ProgramSpec::name).toList())));
    }

    /** The program with a name, if there is one. */
    public Optional<ProgramSpec> findProgram(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The maps; a program's {@code lddw src=MAP_IDX} and {@code MAP_IDX_VALUE} refer to them by
     * their index here. Legacy maps come first, then BTF-defined maps in declaration order, then
     * global data in section order.
     */
    public List<MapSpec> maps() {
        return maps;
    }

    /**
     * The map with a name ({@code flows}, or {@code .bss} for global data).
     *
     * @throws IllegalArgumentException listing the object's maps when none has that name
     */
    public MapSpec map(String name) {
        return maps.get(mapIndex(name));
    }

    /**
     * The index of the map with a name in {@link #maps()}.
     *
     * @throws IllegalArgumentException listing the object's maps when none has that name
     */
    public int mapIndex(String name) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(fileName + ": no map named \"" + name + "\"; maps are "
                + names(maps.stream().map(MapSpec::name).toList()));
    }

    /** The license from the {@code license} section, or an empty string when there is none. */
    public String license() {
        return license;
    }

    /** The kernel version from the {@code version} section, when the object has one. */
    public OptionalInt kernelVersion() {
        return kernelVersion == null ? OptionalInt.empty() : OptionalInt.of(kernelVersion);
    }

    /** The object's BTF, with data section sizes and variable offsets filled in as libbpf does. */
    public Optional<Btf> btf() {
        return Optional.ofNullable(btf);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new ArrayList<>(names));
    }

    @Override
    public String toString() {
        return "ObjectSpec[" + fileName + ": " + programs.size() + " programs, " + maps.size() + " maps]";
    }
}
