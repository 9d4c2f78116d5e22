package org.ebpftest.runtime.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ebpftest.runtime.coverage.Coverage;
import org.ebpftest.runtime.coverage.CoverageCollector;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.btf.ValueFormatter;
import org.ebpftest.runtime.elf.ExternSpec;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.linux.buffers.MemoryInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.ArenaKfuncs;
import org.ebpftest.runtime.linux.helpers.CgroupStorageHelper;
import org.ebpftest.runtime.linux.helpers.SkStorageHelpers;
import org.ebpftest.runtime.linux.helpers.HelperRegistry;
import org.ebpftest.runtime.linux.helpers.AllocatedObjects;
import org.ebpftest.runtime.linux.helpers.AsyncCallbacks;
import org.ebpftest.runtime.linux.helpers.Kfuncs;
import org.ebpftest.runtime.linux.helpers.MapHelpers;
import org.ebpftest.runtime.linux.maps.ArenaMap;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.linux.verifier.MapInfo;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.ebpftest.runtime.linux.verifier.Verifier;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * An object file as {@code bpftool prog loadall} leaves it in the kernel: its maps created (global
 * data initialised, {@code .rodata} read-only to programs and frozen, so user space cannot change it
 * either, program arrays and maps of maps filled from their static initialisers), its programs
 * linked to those maps, ready to run on packets with the map helpers answering from these maps.
 * {@link #loader(ObjectSpec)} sets global variables before the load, as a skeleton does.
 *
 * <pre>{@code
 * LoadedObject fw = LoadedObject.load(Path.of("xdp_firewall.o"));
 * RunResult r = fw.run("xdp_firewall", XdpInput.of(frame));
 * BpfMap drops = fw.map("drop_counters");
 * }</pre>
 *
 * <p>The maps are shared by every run and are thread-safe; the runs themselves go through one
 * {@link LinuxEmulator}, so run from one thread at a time, or load the object once per thread.
 * {@link #runBatch} runs a batch of inputs on several virtual CPUs in parallel.
 *
 * <p>The object holds its maps and programs as user space holds the file descriptors libbpf
 * leaves open, until it is {@link #close() closed} (try-with-resources): then, as when the last
 * descriptor of a Linux object is closed, its armed timers and work queues are cancelled (they never
 * fire, however far the clock moves), its maps are freed with what their values hold, and every
 * further use of the object, its maps ({@link BpfMap} handles taken before included) and its
 * programs throws an {@link IllegalStateException} saying {@code object X.o is closed}.
 * {@link #closeMap} lets go of one map, as closing that map's descriptor does.
 */
public final class LoadedObject implements AutoCloseable {
    private final ObjectSpec spec;
    private final ObjectMaps objectMaps;
    private final Map<String, BpfMap> mapsByName;
    private final Map<String, Program> programs = new LinkedHashMap<>();
    /** Programs that could not be linked or decoded, each with why: a run or use of one fails, the others load. */
    private final Map<String, InvalidProgramException> refused = new LinkedHashMap<>();
    /**
     * Programs the load left unverified because libbpf would not load them with the object
     * ({@link ProgramSpec#autoload()} false: {@code SEC("?...")}), until first asked for by name
     * ({@link #program}), as a program whose autoload is turned on is verified when it loads: each
     * maps to {@link #PENDING}, or to the refusal once verified and refused (accepted ones leave).
     */
    private final Map<String, Object> verifyOnUse = new ConcurrentHashMap<>();
    private static final Object PENDING = new Object();
    private final ProgramArrays programArrays;
    private final LinuxEmulator emulator;
    /** The emulators of {@link #runBatch}, one per virtual CPU, made when a batch first needs them. */
    private final List<LinuxEmulator> cpuEmulators = new ArrayList<>();
    private final KernelExterns externs;
    private final AllocatedObjects allocated;
    private final AsyncCallbacks async;
    /** Set by {@link #close()}: why every further use fails. */
    private volatile String closed;
    /** The maps the test closed one by one ({@link #closeMap}), by name. */
    private final Set<String> closedMaps = ConcurrentHashMap.newKeySet();

    private LoadedObject(ObjectSpec spec, LinuxEnvironment environment, GlobalData globals, long instructionLimit, long memoryBudget,
            boolean strict, boolean verify, JitMode jit, KernelConfig config) {
        this.spec = spec;
        this.externs = new KernelExterns(spec, strict, config);
        MapCreation.Created maps = MapCreation.create(spec, environment.cpus(), globals, memoryBudget, strict);
        this.objectMaps = maps.objectMaps();
        this.mapsByName = maps.byName();
        this.programArrays = new ProgramArrays(spec, objectMaps, mapsByName, programs);
        List<String> externNames = spec.externs().stream().map(ExternSpec::name).toList();
        for (ProgramSpec p : spec.programs()) {
            Program.Builder b = Program.builder(p.name(), p.instructions()).sourceLines(p.sourceLines()).externNames(externNames);
            if (!strict) {
                b.deferReachableChecks();
            }
            Set<InvalidProgramException> objectWide = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<BpfMap> used = Collections.newSetFromMap(new IdentityHashMap<>());
            try {
                programs.put(p.name(), b
                        .pseudoResolver((source, insn, pc) -> {
                            long value = resolve(source, insn, pc);
                            mapNamed(source, insn).ifPresent(used::add);
                            try {
                                programArrays.claimIfProgramArray(p, source, insn);
                            } catch (InvalidProgramException e) {
                                objectWide.add(e);
                                throw e;
                            }
                            return value;
                        }).build());
            } catch (InvalidProgramException e) {
                // Linux loads each program on its own: what refuses one program (a reference no map
                // answers, an instruction the emulator cannot decode) refuses that program only; a
                // program array shared by programs of two types refuses the object, as libbpf's load fails
                if (strict || objectWide.contains(e)) {
                    throw e;
                }
                refused.put(p.name(), e);
                continue;
            }
            // a loaded program holds the maps it names (the kernel's used_maps) for as long as it is loaded
            objectMaps.usedByProgram(used);
        }
        programArrays.fillStaticReferences();
        CoverageCollector coverage = Coverage.active();
        if (coverage != null) {
            coverage.register(spec, programs);
        }
        MapCreation.freezeReadOnlyData(spec, mapsByName);
        if (verify) {
            List<MapInfo> infos = verifierMaps();
            for (ProgramSpec p : spec.programs()) {
                if (refused.containsKey(p.name())) {
                    continue;
                }
                if (p.autoload()) {
                    Verifier.verify(p, infos, spec.btf()).orThrow(spec.fileName());
                } else {
                    verifyOnUse.put(p.name(), PENDING);
                }
            }
        }
        HelperRegistry helpers = new HelperRegistry();
        MapHelpers.register(helpers, objectMaps);
        CgroupStorageHelper.register(helpers, objectMaps);
        SkStorageHelpers.register(helpers, objectMaps);
        LinuxEmulator.Builder builder = LinuxEmulator.builder();
        allocated = new AllocatedObjects(spec.btf().orElse(null), objectMaps.arena());
        async = new AsyncCallbacks(objectMaps, environment.clock(),
                this::callAsync);
        async.register(helpers);
        allocated.registerHelpers(helpers);
        objectMaps.releaseFieldsThrough(allocated, async);
        // kfunc calls carry the extern's index as their BTF id
        for (int i = 0; i < spec.externs().size(); i++) {
            ExternSpec e = spec.externs().get(i);
            if (e.kind() == ExternSpec.Kind.KFUNC) {
                int btfId = i;
                Kfuncs.emulated(e.name()).map(allocated::bind).map(async::bind).or(() -> ArenaKfuncs.of(e.name(), objectMaps))
                        .ifPresent(k -> builder.kernelFunction(btfId, k));
            }
        }
        if (jit != null) {
            builder.jit(jit);
        }
        emulator = builder
                .environment(environment)
                .helpers(helpers)
                .instructionLimit(instructionLimit)
                .vmSetup(vm -> {
                    objectMaps.mapInto(vm);
                    externs.mapInto(vm);
                    vm.memory().map(new Region("helper scratch", new byte[MapHelpers.SCRATCH_PER_LEVEL * MapHelpers.SCRATCH_LEVELS], false),
                            Vm.SCRATCH_ADDRESS);
                })
                .build();
    }

    /** Loads an object file into a fresh default environment. */
    public static LoadedObject load(Path file) {
        return load(ObjectSpec.load(file));
    }

    /** Creates an object's maps and programs in a fresh default environment. */
    public static LoadedObject load(ObjectSpec spec) {
        return load(spec, new LinuxEnvironment());
    }

    /**
     * Creates an object's maps and programs in an environment the test controls (clock, CPUs,
     * randomness, helper mocks).
     *
     * @throws org.ebpftest.runtime.linux.maps.MapCreationException if the kernel would refuse a map
     * @throws InvalidProgramException if a program cannot be linked or decoded
     */
    public static LoadedObject load(ObjectSpec spec, LinuxEnvironment environment) {
        return loader(spec).environment(environment).load();
    }

    /**
     * A loader for an object, to set its global variables before it is loaded, as a libbpf
     * skeleton sets {@code skel->rodata->rate = 100} between {@code __open} and {@code __load}:
     *
     * <pre>{@code
     * LoadedObject limiter = LoadedObject.loader(spec)
     *         .global("rate_per_sec", 100)          // by BTF name: integers checked against the type
     *         .global("label", "core\0\0\0\0".getBytes(US_ASCII))
     *         .globalAt(".rodata", 4, bytes)        // by section and offset, for objects without BTF
     *         .load();
     * }</pre>
     */
    public static Loader loader(ObjectSpec spec) {
        return new Loader(Objects.requireNonNull(spec, "spec"));
    }

    /** Collects what a load starts from: the environment and the global variables' values. */
    public static final class Loader {
        private ObjectSpec spec;
        private final GlobalData globals;
        private LinuxEnvironment environment;
        private long instructionLimit = Vm.DEFAULT_INSTRUCTION_LIMIT;
        private long memoryBudget = MemoryBudget.DEFAULT_BYTES;
        private boolean strict;
        private boolean verify = Verifier.enabledByDefault();
        private JitMode jit;
        private final Map<String, String> kconfig = new LinkedHashMap<>();

        private Loader(ObjectSpec spec) {
            this.spec = spec;
            this.globals = new GlobalData(spec);
        }

        /**
         * Gives a program its type explicitly (see {@link ObjectSpec#withProgramType(String, ProgramType)}),
         * for sections no convention types or types otherwise than the object's loader did.
         *
         * @throws IllegalArgumentException listing the object's programs when none has that name
         */
        public Loader programType(String program, ProgramType type) {
            spec = spec.withProgramType(Objects.requireNonNull(program, "program"), type);
            return this;
        }

        /** Gives every program of the object one type explicitly, as tc does for the sections of an object it loads. */
        public Loader programType(ProgramType type) {
            spec = spec.withProgramType(type);
            return this;
        }

        /** The environment the object is loaded into; a fresh default one if none is given. */
        public Loader environment(LinuxEnvironment value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /**
         * The instruction budget of each run ({@link Vm#DEFAULT_INSTRUCTION_LIMIT} if not set): a
         * run that executes more instructions stops with a trap instead of looping on. A small
         * budget suits programs nobody vetted, such as a fuzzer's mutated objects.
         */
        public Loader instructionLimit(long limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("instruction limit must be positive, was " + limit);
            }
            this.instructionLimit = limit;
            return this;
        }

        /**
         * How much memory the object's maps may take together, in bytes; {@link MemoryBudget#DEFAULT_BYTES}
         * unless set. The load checks every map's {@link BpfMaps#memoryFootprint} against it before
         * creating any, and refuses with a {@link org.ebpftest.runtime.linux.maps.MapCreationException}
         * (ENOMEM) that names the maps and their sizes.
         *
         * @throws IllegalArgumentException for less than 1 byte or more than {@link MemoryBudget#MAX_BYTES}
         */
        public Loader memoryBudget(long bytes) {
            this.memoryBudget = MemoryBudget.check(bytes);
            return this;
        }

        /**
         * {@link #memoryBudget(long)} from a size such as {@code "512MiB"} (see {@link MemoryBudget#parse}).
         *
         * @throws IllegalArgumentException when the text is not a size or out of range
         */
        public Loader memoryBudget(String size) {
            this.memoryBudget = MemoryBudget.parse(size);
            return this;
        }

        /**
         * Sets a global variable found by its name in the object's BTF ({@code const volatile}
         * variables in {@code .rodata} too: they are written before the map is frozen). The
         * variable must be an integer, enum or bool, and the value must fit it (an unsigned 64-bit
         * variable takes any long, as its 64 bits).
         *
         * @throws IllegalArgumentException naming the variable, its section and type when the value
         *     does not fit, or listing the variables when there is none of that name
         */
        public Loader global(String name, long value) {
            globals.set(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Sets a global variable of any type, found by its BTF name, from bytes in the object's
         * byte order; they must be exactly the variable's size.
         *
         * @throws IllegalArgumentException naming the variable, its section and size
         */
        public Loader global(String name, byte[] bytes) {
            globals.set(Objects.requireNonNull(name, "name"), Objects.requireNonNull(bytes, "bytes").clone());
            return this;
        }

        /**
         * Writes bytes at an offset of a global-data section ({@code .data}, {@code .rodata},
         * {@code .bss}, {@code .data.*}, {@code .rodata.*}), for objects without BTF or variables
         * whose name is not unique.
         *
         * @throws IllegalArgumentException naming the section when there is none of that name, or
         *     when the bytes run past its end
         */
        public Loader globalAt(String section, int offset, byte[] bytes) {
            globals.setAt(Objects.requireNonNull(section, "section"), offset, Objects.requireNonNull(bytes, "bytes").clone());
            return this;
        }

        /**
         * Gives a kernel configuration option the value the object's {@code CONFIG_*}
         * {@code __kconfig} externs read, as libbpf's {@code bpf_object_open_opts.kconfig} does: in
         * place of the emulated Linux 6.18's own configuration, for a test that wants the values of
         * the kernel its program will run on. The value is written as in a configuration file:
         * {@code y}, {@code n}, {@code m}, a number ({@code 250}, {@code 0x1000000}) or a quoted
         * string ({@code "\"text\""}); the load stores it by the extern's type and refuses what
         * libbpf refuses (a module for a bool, a string for an integer).
         *
         * @throws IllegalArgumentException when the name does not start with {@code CONFIG_} or the value is empty
         */
        public Loader kconfig(String option, String value) {
            KernelConfig.checkGiven(option, value);
            kconfig.put(option, value);
            return this;
        }

        /**
         * Sets a map's {@code max_entries} before it is created, as libbpf's
         * {@code bpf_map__set_max_entries} does between open and load (ring buffers sized by the
         * test, maps declared with no size). Not for global-data sections, whose size is their
         * variables'.
         *
         * @throws IllegalArgumentException naming the object's maps when none has that name, or for
         *     a global-data map
         */
        public Loader maxEntries(String map, int value) {
            spec = spec.withMap(resizable(map).toBuilder().maxEntries(value).build());
            return this;
        }

        /**
         * Sets a map's key size before it is created, as libbpf's {@code bpf_map__set_key_size} does.
         *
         * @throws IllegalArgumentException as {@link #maxEntries} does
         */
        public Loader keySize(String map, int value) {
            spec = spec.withMap(resizable(map).toBuilder().keySize(value).build());
            return this;
        }

        /**
         * Sets a map's value size before it is created, as libbpf's {@code bpf_map__set_value_size}
         * does for maps other than global data.
         *
         * @throws IllegalArgumentException as {@link #maxEntries} does
         */
        public Loader valueSize(String map, int value) {
            spec = spec.withMap(resizable(map).toBuilder().valueSize(value).build());
            return this;
        }

        /**
         * Sets a map's creation flags before it is created, as libbpf's {@code bpf_map__set_map_flags} does.
         *
         * @throws IllegalArgumentException as {@link #maxEntries} does
         */
        public Loader mapFlags(String map, int value) {
            spec = spec.withMap(resizable(map).toBuilder().flags(value).build());
            return this;
        }

        private MapSpec resizable(String name) {
            Objects.requireNonNull(name, "map");
            MapSpec map = spec.maps().stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(spec.fileName() + " has no map \"" + name + "\"; its maps: "
                            + spec.maps().stream().map(MapSpec::name).toList()));
            if (map.isGlobalData()) {
                throw new IllegalArgumentException("map \"" + name + "\" holds " + spec.fileName() + "'s global variables: its size is"
                        + " theirs, set them with global(...) instead");
            }
            return map;
        }

        /**
         * Refuses eagerly what otherwise loads and traps when a run reaches it: kfuncs and
         * {@code __ksym} variables, which the emulator does not provide, and instructions the
         * verifier refuses only where its walk reaches them (a write to r10, a reserved field that
         * is not zero), which the kernel loads in dead code. For a test that wants to know up front
         * that every run stays inside what is emulated.
         */
        public Loader strict() {
            this.strict = true;
            return this;
        }

        /**
         * Whether the load verifies every program as Linux's verifier does and refuses what it
         * refuses (with a {@link VerifierException}); on unless the system property
         * {@code ebpftest.verifier=off} is set. Turn it off only for a false refusal, and please
         * report that.
         */
        public Loader verify(boolean on) {
            this.verify = on;
            return this;
        }

        /**
         * Whether runs execute programs compiled to JVM bytecode; unset, the system property
         * {@value JitMode#PROPERTY} decides. Results are the same either way.
         */
        public Loader jit(JitMode mode) {
            this.jit = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Creates the maps (global data with the values set here, then {@code .rodata*} frozen)
         * and links the programs.
         *
         * @throws org.ebpftest.runtime.linux.maps.MapCreationException if the kernel would refuse a map
         * @throws InvalidProgramException if a program cannot be linked or decoded
         * @throws VerifierException if Linux's verifier would refuse a program (unless verification is off)
         */
        public LoadedObject load() {
            return new LoadedObject(spec, environment != null ? environment : new LinuxEnvironment(), globals, instructionLimit, memoryBudget,
                    strict, verify, jit, new KernelConfig(kconfig));
        }
    }

    /**
     * Verifies a program of this object as Linux's verifier would at load, with the maps as they
     * are now (read-only data included), whether or not the load verified it.
     */
    public Verification verify(String program) {
        requireOpen();
        return Verifier.verify(spec.program(program), verifierMaps(), spec.btf());
    }

    private List<MapInfo> verifierMaps() {
        List<MapInfo> infos = new ArrayList<>();
        for (MapSpec m : spec.maps()) {
            BpfMap map = mapsByName.get(m.name());
            byte[] value = m.frozen() && map.maxEntries() == 1 ? map.lookup(new byte[map.keySize()]).orElse(null) : null;
            infos.add(new MapInfo(m.name(), m.type(), m.keySize(), m.valueSize(), map.maxEntries(), Verifier.readOnlyForPrograms(m), value,
                    Verifier.spinLockOffset(spec.btf(), m), Verifier.fieldOffset(spec.btf(), m, "bpf_timer"),
                    Verifier.fieldOffset(spec.btf(), m, "bpf_wq"), Verifier.innerTemplate(spec.btf(), m),
                    Verifier.writeOnlyForPrograms(m)));
        }
        return infos;
    }

    /** The parsed object. */
    public ObjectSpec spec() {
        return spec;
    }

    /** The emulator runs go through, and its environment. */
    public LinuxEmulator emulator() {
        requireOpen();
        return emulator;
    }

    /** The environment: clock, randomness, CPUs, helper overrides. */
    public LinuxEnvironment environment() {
        return emulator.environment();
    }

    /** The VM program of that name, linked to this object's maps. */
    public Program program(String name) {
        requireOpen();
        Program p = programs.get(name);
        if (p != null && !verifyOnUse.isEmpty() && verifyOnUse.containsKey(name)) {
            verifyOnFirstUse(name);
        }
        if (p == null && refused.containsKey(name)) {
            throw new InvalidProgramException("program " + name + " cannot be loaded: " + refused.get(name).getMessage(), refused.get(name));
        }
        if (p == null) {
            throw new IllegalArgumentException("no program named \"" + name + "\" in " + spec.fileName() + "; programs: " + programs.keySet());
        }
        return p;
    }

    /** Verifies a program the load left for its first use; throws its refusal, then and on every later use. */
    private synchronized void verifyOnFirstUse(String name) {
        Object state = verifyOnUse.get(name);
        if (state == PENDING) {
            Verification v = Verifier.verify(spec.program(name), verifierMaps(), spec.btf());
            state = v.accepted() ? null : v;
            if (state == null) {
                verifyOnUse.remove(name);
            } else {
                verifyOnUse.put(name, state);
            }
        }
        if (state instanceof Verification refusal) {
            throw new VerifierException(spec.fileName(), refusal);
        }
    }

    /** The names of the programs, in the object's order. */
    public List<String> programNames() {
        return List.copyOf(programs.keySet());
    }

    /** The map of that name (global data under its section name: {@code .bss}, {@code .data}, {@code .rodata}). */
    public BpfMap map(String name) {
        requireOpen();
        if (closedMaps.contains(name)) {
            throw new IllegalStateException(closedMapMessage(name));
        }
        BpfMap m = mapsByName.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no map named \"" + name + "\" in " + spec.fileName() + "; maps: " + mapsByName.keySet());
        }
        return m;
    }

    /**
     * The map of that name as a map class or capability, such as {@code map("events", RecordMap.class)}
     * or {@code map("jumps", ReferenceMap.class)}.
     *
     * @throws IllegalArgumentException if there is no such map, or it is not of that type
     */
    public <T> T map(String name, Class<T> type) {
        BpfMap m = map(name);
        if (!type.isInstance(m)) {
            throw new IllegalArgumentException("map \"" + name + "\" of " + spec.fileName() + " is " + m.definition().typeName()
                    + " (" + m.getClass().getSimpleName() + "), not a " + type.getSimpleName());
        }
        return type.cast(m);
    }

    /** The map of that name, if there is one. */
    public Optional<BpfMap> findMap(String name) {
        requireOpen();
        return closedMaps.contains(name) ? Optional.empty() : Optional.ofNullable(mapsByName.get(name));
    }

    /** Every map by name, in the object's order; not those the test closed ({@link #closeMap}). */
    public Map<String, BpfMap> maps() {
        requireOpen();
        if (closedMaps.isEmpty()) {
            return Collections.unmodifiableMap(mapsByName);
        }
        Map<String, BpfMap> open = new LinkedHashMap<>(mapsByName);
        open.keySet().removeAll(closedMaps);
        return Collections.unmodifiableMap(open);
    }

    /**
     * The bytes the object's maps take now, as charged to its memory budget: what they allocated
     * at creation plus the value chunks that {@code BPF_F_NO_PREALLOC} hashes and LPM tries have
     * allocated since (see {@link BpfMap#memoryFootprint()}). It only grows.
     */
    public long memoryUsed() {
        requireOpen();
        return objectMaps.memoryUsed();
    }

    /**
     * A map's value for a key, seen through the value's BTF type: {@code value("flows", key)
     * .field("pkts").asLong()}. For a per-CPU map, the current CPU's value. Empty when the key is
     * absent.
     *
     * @throws IllegalArgumentException if the object has no BTF for this map's values
     */
    public Optional<BtfValue> value(String mapName, byte[] key) {
        BpfMap map = map(mapName);
        MapSpec m = spec.map(mapName);
        Btf btf = spec.btf().filter(b -> m.btfValueTypeId() != 0)
                .orElseThrow(() -> new IllegalArgumentException("map " + mapName + " of " + spec.fileName() + " has no BTF value type; compile with -g"));
        Optional<byte[]> value = map.isPerCpu()
                ? map.lookupPerCpu(key).map(v -> v.get(environment().cpu()))
                : map.lookup(key);
        return value.map(v -> BtfValue.of(btf, m.btfValueTypeId(), v));
    }

    /**
     * Every entry of a map, one per line, keys and values printed through their BTF types when the
     * object has them ({@code {key=10, value={pkts=1, bytes=74}}}), as hex otherwise; per-CPU
     * values one per CPU ({@code [cpu0=..., cpu1=...]}), as {@link ValueFormatter} prints them.
     */
    public String describe(String mapName) {
        BpfMap map = map(mapName);
        MapSpec m = spec.map(mapName);
        ValueFormatter format = ValueFormatter.of(spec.btf());
        StringBuilder out = new StringBuilder(mapName).append(" (").append(map.type().displayName())
                .append(", ").append(map.size()).append(map.size() == 1 ? " entry" : " entries").append(")\n");
        for (MapEntry e : map.entries()) {
            out.append("  {key=").append(format.text(m.btfKeyTypeId(), e.key()))
                    .append(", value=").append(format.perCpuText(m.btfValueTypeId(), e.values())).append("}\n");
        }
        return out.toString();
    }

    /** How a timer or work queue callback is called: outside any run, on the object's emulator. */
    private long callAsync(Program program, ContextType type, int cpu, long callback, long map, byte[] key, long value) {
        return emulator.callAsync(program, type, cpu, callback, map, key, value);
    }

    /** The timers and work queues in the object's map values: how many timers are armed. */
    public AsyncCallbacks asyncCallbacks() {
        requireOpen();
        return async;
    }

    /** The objects the programs allocated with {@code bpf_obj_new}: how many are live. */
    public AllocatedObjects allocatedObjects() {
        requireOpen();
        return allocated;
    }

    /**
     * Lets go of one map, as user space closes the last file descriptor of a map (or removes its
     * pin): the map can no longer be used from here ({@link #map} and handles taken before throw,
     * {@link #maps()} leaves it out), its timers and work queues are cancelled and freed, and a
     * program that still reaches it through a map of maps finds it without them: there
     * {@code bpf_timer_init} answers -EPERM, as Linux answers for a map nobody holds or pins. Once no
     * slot of a map of maps holds it either, and no program names it directly, the map is freed
     * with what its values hold ({@code __kptr} objects, lists, trees), as the kernel frees it.
     * Closing a map closed already does nothing.
     *
     * @throws IllegalArgumentException if the object has no map of that name
     * @throws IllegalStateException if the object is closed
     */
    public void closeMap(String name) {
        requireOpen();
        BpfMap m = mapsByName.get(Objects.requireNonNull(name, "name"));
        if (m == null) {
            throw new IllegalArgumentException("no map named \"" + name + "\" in " + spec.fileName() + "; maps: " + mapsByName.keySet());
        }
        if (closedMaps.add(name)) {
            objectMaps.releaseByUser(m, closedMapMessage(name));
        }
    }

    private String closedMapMessage(String name) {
        return "map \"" + name + "\" of object " + spec.fileName() + " is closed (LoadedObject.closeMap)";
    }

    /**
     * Closes the object, as closing the last file descriptor of its maps and programs does in
     * Linux: armed timers are cancelled and queued work dropped (their callbacks never run, however
     * far the clock moves), the maps are freed with what their values hold (timers, work queues,
     * {@code __kptr} objects, lists and trees), and from now on every use of the object, of its
     * programs and of its maps ({@link BpfMap} handles taken before included) throws an
     * {@link IllegalStateException}: {@code object X.o is closed}. What was parsed from the file
     * ({@link #spec()}, {@link #programNames()}, {@link #contextType}) stays readable, and the
     * environment, which the test owns, usable: other objects loaded into it keep their timers.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        String why = "object " + spec.fileName() + " is closed";
        synchronized (this) {
            if (closed != null) {
                return;
            }
            closed = why;
        }
        emulator.close(why);
        async.close();
        objectMaps.closeAll(why);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed != null;
    }

    /** Throws once the object is closed. */
    private void requireOpen() {
        String why = closed;
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    /** The context the named program runs on, from its section name. */
    public ContextType contextType(String program) {
        return ContextType.of(spec.program(program).type());
    }

    /**
     * Does now what the first run of a program does first otherwise: builds the VM its runs take
     * (the object's maps mapped in, the helpers bound) and, where that VM runs programs compiled
     * ({@link JitMode#ON}), compiles it to JVM bytecode. For a caller that times runs, as
     * {@code bpftool prog run} times a program the kernel loaded and JIT-compiled beforehand: the
     * command line's {@code run --repeat}. Runs of a raw context take the generic context's VM,
     * which this does not build. Results do not change.
     *
     * @throws IllegalArgumentException if the object has no program of that name
     */
    public void prepare(String program) {
        Program p = program(program);
        Vm vm = emulator.prepare(contextType(program));
        if (vm.jitMode() == JitMode.ON) {
            p.compile();
        }
    }

    /**
     * Runs a program once on an input, as {@code bpftool prog run} does: an {@link XdpInput} for an
     * XDP program, an {@link SkbInput} for a tc, socket-filter or cgroup-skb program, a
     * {@link RawInput} or {@link MemoryInput} for any program, on a generic context. Work queue
     * callbacks the run queued ({@code bpf_wq_start}) run right after it, as the kernel's
     * workqueue runs them once the test run returns; timers fire only as the environment's clock
     * is advanced.
     *
     * @throws IllegalArgumentException if the object has no such program, or the input does not fit its context
     * @throws RunRefusedException where the kernel would refuse the run before it starts
     */
    public RunResult run(String program, RunInput input) {
        requireOpen();
        ContextType type = checkedType(program, input);
        Optional<RunResult> answered = GenericTestRuns.before(spec.program(program), input, environment());
        if (answered.isPresent()) {
            return answered.get();
        }
        RunResult result = emulator.run(program(program), type, input);
        async.runQueuedWork();
        return result;
    }

    /**
     * Runs a program {@code repeat} times on one input, as {@code bpftool prog run ... repeat N}
     * does: test_run builds the context and packet once and runs the program on them again and
     * again without resetting them, so each run starts from what the one before left (a byte it
     * wrote, the head it moved, a {@code mark} or {@code cb} it set), and maps keep their contents.
     * The result is the last run's (return value, data_out, ctx_out, side effects). The program
     * and the input are looked up and checked once, before the first run; test_run's own rules for
     * syscall, raw tracepoint and tracing programs apply as in {@link #run(String, RunInput)}.
     *
     * @param repeat how many runs; 0 runs once, as test_run does
     * @param printed told, after each run that printed something with {@code bpf_trace_printk},
     *     of the lines that run printed; null when nobody needs them
     * @throws IllegalArgumentException if the object has no such program, the input does not fit
     *     its context, or {@code repeat} is negative
     * @throws RunRefusedException where the kernel would refuse the run before it starts
     */
    public RunResult run(String program, RunInput input, int repeat, Consumer<List<PrintedLine>> printed) {
        requireOpen();
        ContextType type = checkedType(program, input);
        Optional<RunResult> answered = GenericTestRuns.before(spec.program(program), input, environment());
        if (answered.isPresent()) {
            return answered.get();
        }
        RunResult result = emulator.run(program(program), type, input, repeat, printed);
        // the kernel's workqueue runs what the runs queued once the test run returns
        async.runQueuedWork();
        return result;
    }

    /**
     * Runs a program on each of a batch of inputs, across all the environment's virtual CPUs at
     * once ({@link LinuxEnvironment#cpus()}, 4 unless set): see {@link #runBatch(String, List, int)}.
     */
    public List<RunResult> runBatch(String program, List<? extends RunInput> inputs) {
        return runBatch(program, inputs, environment().cpus());
    }

    /**
     * Runs a program on each of a batch of inputs, on virtual CPUs 0 to {@code cpus - 1} in
     * parallel, one thread each (CPU 0 on the calling thread), as the kernel runs a program on
     * several CPUs at once: input i runs on CPU {@code i % cpus}, the inputs of one CPU in order,
     * and the results come back in input order. Each CPU has its own VM;
     * {@code bpf_get_smp_processor_id} and per-CPU maps answer for that CPU, and the other maps are
     * shared, updated from the CPUs concurrently as the kernel's are (so a program that counts
     * with atomic adds counts every run, and one that does not may lose updates, as on Linux).
     * Each result is what {@link #run(String, RunInput)} would have given on that CPU with the
     * maps in the state the concurrent runs left. Do not run the object from other threads
     * meanwhile.
     *
     * @throws IllegalArgumentException if {@code cpus} is not between 1 and the environment's CPUs,
     *     or an input does not fit the program's context
     * @throws RuntimeException the failure (a trap, a refused run) of the lowest-numbered input that
     *     failed; inputs after it on other CPUs may or may not have run
     */
    public List<RunResult> runBatch(String program, List<? extends RunInput> inputs, int cpus) {
        requireOpen();
        Objects.requireNonNull(inputs, "inputs");
        if (cpus < 1 || cpus > environment().cpus()) {
            throw new IllegalArgumentException("cpus must be 1 to " + environment().cpus() + " (the environment's CPUs), was " + cpus);
        }
        Program p = program(program);
        if (inputs.isEmpty()) {
            return List.of();
        }
        // The type is looked up once: by name for every input, it cost a third of a batch's time.
        ContextType type = contextType(program);
        for (RunInput input : inputs) {
            checkedType(program, type, input);
        }
        if (spec.program(program).type() == ProgramType.TRACING) {
            // test_run answers tracing programs without running them: nothing to spread over CPUs
            List<RunResult> answers = new ArrayList<>();
            for (RunInput input : inputs) {
                answers.add(run(program, input));
            }
            return answers;
        }
        for (RunInput input : inputs) {
            GenericTestRuns.before(spec.program(program), input, environment());
        }
        List<LinuxEmulator> emulators;
        synchronized (cpuEmulators) {
            for (int c = cpuEmulators.size(); c < cpus; c++) {
                cpuEmulators.add(emulator.onCpu(c));
            }
            emulators = List.copyOf(cpuEmulators.subList(0, cpus));
        }
        List<RunResult> results = ParallelRuns.run(emulators, p, type, inputs);
        async.runQueuedWork();
        return results;
    }

    /** The context a program runs on, checking that the input fits it. */
    private ContextType checkedType(String program, RunInput input) {
        return checkedType(program, contextType(program), input);
    }

    /** Checks that an input fits the context of {@code type}, the program's. */
    private ContextType checkedType(String program, ContextType type, RunInput input) {
        Objects.requireNonNull(input, "input");
        if (input instanceof XdpInput && type != ContextType.XDP) {
            throw new IllegalArgumentException(describeProgram(program) + " runs on " + type + ", not " + ContextType.XDP
                    + "; give it " + (type.isSkb() ? "an SkbInput" : "a RawInput") + ", or give the program a type when loading");
        }
        if (input instanceof SkbInput && !type.isSkb()) {
            throw new IllegalArgumentException(describeProgram(program) + " runs on " + type + ", not on an __sk_buff; give it "
                    + (type == ContextType.XDP ? "an XdpInput" : "a RawInput") + ", or give the program a type when loading");
        }
        return type;
    }

    /** {@code program globals (section "xdp", typed by libbpf SEC("xdp"))}: how the program got the type it runs as. */
    private String describeProgram(String program) {
        ProgramSpec p = spec.program(program);
        return "program " + program + " (section \"" + p.sectionName() + "\", typed by " + p.typedBy() + ")";
    }

    private static final String UNRESOLVED = " names no map of the object";

    /** The map a {@code lddw} of a map or of a map value names, if it names one of the object's maps. */
    private Optional<BpfMap> mapNamed(PseudoSource source, Instruction insn) {
        List<MapSpec> specs = spec.maps();
        int i = insn.imm();
        if ((source == PseudoSource.MAP_IDX || source == PseudoSource.MAP_IDX_VALUE) && i >= 0 && i < specs.size()) {
            return Optional.ofNullable(mapsByName.get(specs.get(i).name()));
        }
        return Optional.empty();
    }

    private long resolve(PseudoSource source, Instruction insn, int pc) {
        List<MapSpec> specs = spec.maps();
        int i = insn.imm();
        if (source == PseudoSource.BTF_ID && externs.address(i) >= 0) {
            return externs.address(i);
        }
        if ((source == PseudoSource.MAP_IDX || source == PseudoSource.MAP_IDX_VALUE) && i >= 0 && i < specs.size()) {
            BpfMap map = mapsByName.get(specs.get(i).name());
            if (source == PseudoSource.MAP_IDX) {
                return objectMaps.pointerOf(map);
            }
            if (map instanceof ArenaMap arena) {
                // the verifier's arena_map_direct_value_addr: user_vm_start plus the offset, a scalar
                return arena.userStart() + (insn.nextImm() & 0xffffffffL);
            }
            long value = map.lookupAddress(new byte[map.keySize()], 0, 0);
            if (value == 0 || map.type() != MapType.ARRAY) {
                throw new InvalidProgramException("direct value access needs an array map, " + map.name() + " is " + map.type());
            }
            return value + (insn.nextImm() & 0xffffffffL);
        }
        throw new InvalidProgramException(spec.fileName() + ": " + source + " reference " + i + " at pc " + pc + UNRESOLVED);
    }

    /**
     * Puts a program of this object into a slot of a program array, as user space installs a
     * tail-call target ({@code bpf_map_update_elem(jumps_fd, &slot, &prog_fd, BPF_ANY)}); the
     * slot holds the program's id, which {@code map(name).lookup} reads back.
     *
     * @throws IllegalArgumentException if the map is not a program array of this object, or there
     *     is no program of that name
     * @throws org.ebpftest.runtime.linux.maps.MapOperationException if the kernel would refuse the
     *     update (E2BIG for a slot past the end, EPERM once the map is frozen)
     * @throws VerifierException if the program is one the load left unverified ({@code SEC("?...")},
     *     see {@link #program}) and Linux's verifier would refuse it
     */
    public void setProgramSlot(String programArray, int slot, String program) {
        requireOpen();
        if (program != null && verifyOnUse.containsKey(program)) {
            // a SEC("?...") program goes into a program array only once loaded, so verified
            verifyOnFirstUse(program);
        }
        programArrays.setProgramSlot(programArray, slot, program);
    }

    /**
     * Empties a slot of a program array, as user space removes a tail-call target; tail calls
     * through it then fall through.
     *
     * @throws IllegalArgumentException if the map is not a program array of this object
     * @throws org.ebpftest.runtime.linux.maps.MapOperationException if the kernel would refuse the
     *     delete: ENOENT for an empty slot, E2BIG for one past the end
     */
    public void removeProgramSlot(String programArray, int slot) {
        requireOpen();
        programArrays.removeProgramSlot(programArray, slot);
    }

    /** The name of the program in a slot of a program array, if the slot holds one. */
    public Optional<String> programInSlot(String programArray, int slot) {
        requireOpen();
        return programArrays.programInSlot(programArray, slot);
    }
}
