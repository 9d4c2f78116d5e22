package org.ebpftest.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.MemoryInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.MapType;

/**
 * An object loaded into the running kernel, as libbpf loads it: every map created with the
 * object's names, types, sizes and flags (global data filled and {@code .rodata} frozen, maps of
 * maps given their inner template and static initialisers), and each program loaded, with map
 * descriptors patched into its {@code lddw}s, when it is first run. Runs go through
 * BPF_PROG_TEST_RUN and return the emulator's {@link RunResult}. {@link #close()} releases every
 * descriptor, and with the last one the kernel frees the maps and programs; nothing is pinned.
 *
 * <pre>{@code
 * try (KernelObject fw = KernelObject.load(ObjectSpec.load(Path.of("xdp_firewall.o")))) {
 *     RunResult r = fw.run("xdp_firewall", XdpInput.of(frame));
 * }
 * }</pre>
 *
 * <p>Not thread-safe for loading programs; runs of loaded programs may come from any thread.
 */
public final class KernelObject implements AutoCloseable {
    /** {@code BPF_F_XDP_HAS_FRAGS}: the program handles multi-buffer frames. */
    private static final int F_XDP_HAS_FRAGS = 1 << 5;
    /** {@code BPF_F_TEST_RUN_ON_CPU}: only raw tracepoint runs accept a CPU in their attributes. */
    private static final int F_TEST_RUN_ON_CPU = 1;
    /** The largest verifier log asked for when a program is refused (the kernel's limit is UINT_MAX >> 2). */
    private static final int MAX_LOG = 64 << 20;
    /** What a kernel built without bpf_xdp_adjust_meta for XDP says when an XDP program calls it. */
    static final String ADJUST_META_REFUSAL = "program of this type cannot use helper bpf_xdp_adjust_meta#54";

    private final ObjectSpec spec;
    private final List<KernelMap> maps = new ArrayList<>();
    private int btfFd = -1;
    private String btfRefusal = "";
    private final Map<String, Integer> programFds = new HashMap<>();
    private boolean programArraysFilled;
    private boolean closed;

    private KernelObject(ObjectSpec spec) {
        this.spec = spec;
    }

    /**
     * Loads an object's maps into the kernel; programs follow when first run.
     *
     * @throws KernelException naming the map the kernel refused and its error
     */
    public static KernelObject load(ObjectSpec spec) {
        return loader(spec).load();
    }

    /** Reads an object file and loads it. */
    public static KernelObject load(Path file) {
        return load(ObjectSpec.load(file));
    }

    /** A loader, to set the global data the maps start with. */
    public static Loader loader(ObjectSpec spec) {
        return new Loader(Objects.requireNonNull(spec, "spec"));
    }

    /** Sets what the kernel object starts with before loading it. */
    public static final class Loader {
        private final ObjectSpec spec;
        private Function<String, Optional<byte[]>> globalData = name -> Optional.empty();

        private Loader(ObjectSpec spec) {
            this.spec = spec;
        }

        /**
         * Where global-data maps take their contents from instead of the object's initial data, by
         * map name ({@code .data}, {@code .rodata}, ...): as a libbpf skeleton sets variables
         * between open and load. {@code .rodata} is frozen after it is written either way.
         */
        public Loader globalData(Function<String, Optional<byte[]>> contents) {
            this.globalData = Objects.requireNonNull(contents, "contents");
            return this;
        }

        /**
         * Creates the maps in the kernel.
         *
         * @throws KernelException naming the map the kernel refused; maps created before it are released
         */
        public KernelObject load() {
            KernelObject object = new KernelObject(spec);
            try {
                object.loadBtf();
                for (MapSpec m : spec.maps()) {
                    object.maps.add(object.createMap(m, globalData));
                }
                object.initialiseMapsOfMaps();
            } catch (RuntimeException e) {
                object.close();
                throw e;
            }
            return object;
        }
    }

    /** The object as the loader read it. */
    public ObjectSpec spec() {
        return spec;
    }

    /**
     * A map by its name in the object.
     *
     * @throws IllegalArgumentException listing the object's maps when none has that name
     */
    public KernelMap map(String name) {
        for (KernelMap m : maps) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("object [" + spec.fileName() + "] has no map [" + name + "]; maps are "
                + maps.stream().map(KernelMap::name).toList());
    }

    /** Every map by name, in the object's order. */
    public Map<String, KernelMap> maps() {
        Map<String, KernelMap> out = new LinkedHashMap<>();
        maps.forEach(m -> out.put(m.name(), m));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Loads a program into the kernel if it is not loaded yet, and the programs the object's
     * program arrays are statically initialised with, filling their slots.
     *
     * @throws VerifierRefusedException with the verifier's log, annotated with C lines, when the kernel refuses it
     * @throws EmulatorOnlyException when the kernel refuses only what mainline Linux allows: an XDP
     *         program calling {@code bpf_xdp_adjust_meta} on a kernel built without it
     * @throws IllegalArgumentException when the object has no such program
     */
    public synchronized void loadProgram(String name) {
        programFd(name);
    }

    /** Whether a program is loaded in the kernel. */
    public synchronized boolean isLoaded(String program) {
        return programFds.containsKey(program);
    }

    /**
     * Puts a program into a program array's slot, as {@code bpf_map_update_elem} with its
     * descriptor does; the program is loaded first if needed.
     */
    public synchronized void setProgramSlot(String programArray, int slot, String program) {
        KernelMap array = map(programArray);
        array.put(u32(slot), u32(programFd(program)));
    }

    /**
     * Runs a program once through BPF_PROG_TEST_RUN, loading it first if needed. Skb and XDP runs
     * cannot name a CPU to the kernel, so for them the calling thread is pinned to the input's CPU
     * for the call, as {@code taskset} pins bpftool.
     *
     * @throws RunRefusedException with the kernel's errno when it refuses the run (EINVAL for a context
     *     it does not accept, ...), as the emulator refuses one
     */
    public TestRunOutput testRun(String program, TestRunInput input) {
        int fd;
        ProgramType type;
        synchronized (this) {
            fd = programFd(program);
            type = spec.program(program).type();
        }
        boolean takesCpu = type == ProgramType.RAW_TRACEPOINT || type == ProgramType.RAW_TRACEPOINT_WRITABLE;
        int flags = input.flags() | (takesCpu && input.cpu().isPresent() ? F_TEST_RUN_ON_CPU : 0);
        Bpf.TestRunAttr attr = new Bpf.TestRunAttr(input.dataIn(), input.dataSizeOut(), input.ctxIn(), input.ctxSizeOut(), input.repeat(), flags,
                takesCpu ? input.cpu().orElse(0) : 0);
        Bpf.TestRunOut out;
        try {
            out = !takesCpu && input.cpu().isPresent()
                    ? KernelCpus.onCpu(input.cpu().getAsInt(), () -> Bpf.testRun(fd, program, attr))
                    : Bpf.testRun(fd, program, attr);
        } catch (KernelException e) {
            // the emulator's word for a run test_run refuses, so that a test expecting one passes on both
            RunRefusedException refused = new RunRefusedException(e.errno(), e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        return new TestRunOutput(out.retval(), out.dataOut(), out.ctxOut(), Integer.toUnsignedLong(out.durationNanos()));
    }

    /**
     * Runs a program once on the input the emulator's {@code LoadedObject.run} takes: an
     * {@link XdpInput} or {@link SkbInput} as the test-run input it stands for, a {@link RawInput} as
     * ctx_in (and ctx_out) alone.
     *
     * @throws KernelException for a {@link MemoryInput}, whose blocks and registers only the emulator can lay out
     */
    public RunResult run(String program, RunInput input) {
        TestRunInput testRun;
        if (input instanceof XdpInput xdp) {
            testRun = TestRunInput.of(xdp);
        } else if (input instanceof SkbInput skb) {
            testRun = TestRunInput.of(skb);
        } else if (input instanceof RawInput raw) {
            testRun = TestRunInput.ofContext(raw.context());
        } else {
            throw new KernelException("program [" + program + "] of [" + spec.fileName() + "]: the kernel takes a context as ctx_in bytes; "
                    + "memory blocks with registers (MemoryInput) run in the emulator only", 0);
        }
        return run(program, testRun);
    }

    /** Runs a program once on a test-run input of its own making. */
    public RunResult run(String program, TestRunInput input) {
        TestRunOutput out = testRun(program, input);
        ContextType type = contextType(program);
        byte[] ctxOut = out.ctxOut();
        return RunResult.ofTestRun(type, out.retval(), type == ContextType.GENERIC ? new byte[0] : out.dataOut(), ctxOut);
    }

    /** The context a program's runs use, from its type. */
    public ContextType contextType(String program) {
        return ContextType.of(spec.program(program).type());
    }

    /** Releases every map and program descriptor; the kernel frees what no one else holds. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        programFds.values().forEach(Syscalls::close);
        programFds.clear();
        maps.forEach(KernelMap::close);
        Syscalls.close(btfFd);
    }

    private int programFd(String name) {
        if (closed) {
            throw new IllegalStateException("kernel object [" + spec.fileName() + "] is closed");
        }
        Integer fd = programFds.get(name);
        if (fd != null) {
            return fd;
        }
        ProgramSpec program = spec.program(name);
        int loaded = loadIntoKernel(program);
        programFds.put(name, loaded);
        fillProgramArrays();
        return loaded;
    }

    /** Static program-array initialisers, applied once the first program is loaded, as libbpf applies them after loading. */
    private void fillProgramArrays() {
        if (programArraysFilled) {
            return;
        }
        programArraysFilled = true;
        for (int i = 0; i < spec.maps().size(); i++) {
            MapSpec m = spec.maps().get(i);
            if (m.type() != MapType.PROG_ARRAY) {
                continue;
            }
            for (Map.Entry<Integer, String> slot : m.initialReferences().entrySet()) {
                maps.get(i).put(u32(slot.getKey()), u32(programFd(slot.getValue())));
            }
        }
    }

    private int loadIntoKernel(ProgramSpec program) {
        byte[] insns = ProgramImage.encode(spec, program, index -> maps.get(index).fd());
        Bpf.ProgAttr attr = new Bpf.ProgAttr(program.type().id(), insns, program.license(), spec.kernelVersion().orElse(0),
                program.hasXdpFrags() ? F_XDP_HAS_FRAGS : 0, kernelName(program.name()), program.attachType().id(), btfFd, funcInfo(program));
        // Without a log first, as libbpf does: a log buffer too small for a long but valid
        // program's log would make the load itself fail with ENOSPC.
        Bpf.ProgLoad load = Bpf.progLoad(attr, 0);
        if (load.fd() >= 0) {
            return load.fd();
        }
        int size = 1 << 20;
        Bpf.ProgLoad logged = Bpf.progLoad(attr, size);
        while (logged.fd() < 0 && logged.errno() == ENOSPC && size < MAX_LOG) {
            size *= 4;
            logged = Bpf.progLoad(attr, size);
        }
        if (logged.fd() >= 0) {
            return logged.fd();
        }
        if (program.type() == ProgramType.XDP && logged.log().contains(ADJUST_META_REFUSAL)) {
            // Mainline Linux 6.18 gives XDP programs bpf_xdp_adjust_meta (xdp_func_proto); a
            // kernel built without it cannot say what mainline answers, and the emulator follows
            // mainline, so the run is the emulator's alone rather than a difference.
            throw new EmulatorOnlyException("bpf_xdp_adjust_meta in an XDP program (mainline Linux allows it; this kernel's build refuses it: \""
                    + ADJUST_META_REFUSAL + "\")", program.name(), spec.fileName());
        }
        String annotated = VerifierLog.annotate(logged.log(), program);
        throw new VerifierRefusedException("kernel refused program [" + program.name() + "] of [" + spec.fileName() + "] ("
                + program.type().name().toLowerCase(java.util.Locale.ROOT) + "): " + logged.error() + "\nverifier log:\n"
                + VerifierLog.tail(annotated, VerifierLog.MESSAGE_LINES)
                + (btfRefusal.isEmpty() ? "" : "\nthe object was loaded without BTF, which the kernel refused: " + btfRefusal),
                logged.errno(), program.name(), logged.log());
    }

    /** The program's functions as {@code struct bpf_func_info} records, empty without BTF. */
    private byte[] funcInfo(ProgramSpec program) {
        if (btfFd <= 0) {
            return new byte[0];
        }
        ByteBuffer b = ByteBuffer.allocate(program.functions().size() * Bpf.FUNC_INFO_SIZE).order(ByteOrder.nativeOrder());
        program.functions().forEach(f -> b.putInt(f.slot()).putInt(f.typeId()));
        return b.array();
    }

    private static final int ENOSPC = 28;

    private KernelMap createMap(MapSpec m, Function<String, Optional<byte[]>> globalData) {
        String kernelName = m.kernelName(spec.fileName());
        int innerFd = 0;
        if (m.innerMap().isPresent()) {
            MapSpec inner = m.innerMap().get();
            innerFd = Bpf.mapCreate(attr(inner, inner.kernelName(spec.fileName()), 0));
        }
        int fd;
        try {
            fd = createWithBtfOrWithout(m, kernelName, innerFd);
        } finally {
            // libbpf closes the template once the outer map holds its own reference to the type
            Syscalls.close(innerFd == 0 ? -1 : innerFd);
        }
        KernelMap map = new KernelMap(m.name(), kernelName, m.type(), m.keySize(), m.valueSize(), attr(m, kernelName, 0).maxEntries(), fd);
        try {
            if (m.isGlobalData()) {
                Optional<byte[]> data = globalData.apply(m.name()).or(m::initialData);
                if (data.isPresent()) {
                    map.put(u32(0), data.get());
                }
                if (m.frozen()) {
                    map.freeze();
                }
            }
            if (m.type() == MapType.PERF_EVENT_ARRAY) {
                // open as libbpf's perf_buffer__new leaves them, and as the emulator starts: one buffer per CPU
                map.openPerfBuffers(Math.min(map.maxEntries(), KernelCpus.possible()));
            }
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
        return map;
    }

    /**
     * Creates a map with its BTF key and value types where the object has them, and without when
     * the kernel refuses those, as libbpf retries: program arrays, for one, take no BTF value type.
     */
    private int createWithBtfOrWithout(MapSpec m, String kernelName, int innerFd) {
        Bpf.MapAttr plain = attr(m, kernelName, innerFd);
        if (btfFd <= 0 || m.btfValueTypeId() == 0) {
            return Bpf.mapCreate(plain);
        }
        try {
            return Bpf.mapCreate(new Bpf.MapAttr(plain.type(), plain.keySize(), plain.valueSize(), plain.maxEntries(), plain.flags(),
                    plain.innerMapFd(), plain.numaNode(), plain.name(), btfFd, m.btfKeyTypeId(), m.btfValueTypeId(), plain.mapExtra()));
        } catch (KernelException withBtf) {
            try {
                return Bpf.mapCreate(plain);
            } catch (KernelException without) {
                without.addSuppressed(withBtf);
                throw without;
            }
        }
    }

    /**
     * Loads the object's BTF, its data sections sized as libbpf sizes them. A kernel that refuses it
     * leaves the object without BTF, as libbpf goes on without; what needs BTF (spin locks in map
     * values, global functions) is then refused with the reason kept in the verifier's message.
     */
    private void loadBtf() {
        if (spec.btf().isEmpty()) {
            return;
        }
        try {
            btfFd = Bpf.btfLoad(spec.btf().get().wireBytes());
        } catch (KernelException e) {
            btfRefusal = e.getMessage();
        }
    }

    private Bpf.MapAttr attr(MapSpec m, String kernelName, int innerFd) {
        int maxEntries = m.maxEntries();
        if (m.type() == MapType.PERF_EVENT_ARRAY && maxEntries == 0) {
            maxEntries = KernelCpus.possible();    // libbpf sizes an unsized perf event array to the possible CPUs
        }
        return new Bpf.MapAttr(m.type().id(), m.keySize(), m.valueSize(), maxEntries, m.flags(), innerFd, m.numaNode(), kernelName, 0, 0, 0,
                m.mapExtra());
    }

    /** A map of maps statically initialised with {@code .values = { [0] = &inner }} holds the inner map's descriptor in that slot. */
    private void initialiseMapsOfMaps() {
        for (int i = 0; i < spec.maps().size(); i++) {
            MapSpec m = spec.maps().get(i);
            if (m.type() != MapType.ARRAY_OF_MAPS && m.type() != MapType.HASH_OF_MAPS) {
                continue;
            }
            for (Map.Entry<Integer, String> slot : m.initialReferences().entrySet()) {
                maps.get(i).put(u32(slot.getKey()), u32(map(slot.getValue()).fd()));
            }
        }
    }

    /** Program names the kernel accepts: 15 characters of {@code [A-Za-z0-9_.]}. */
    private static String kernelName(String name) {
        String n = name.replaceAll("[^A-Za-z0-9_.]", "_");
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    @Override
    public String toString() {
        return "KernelObject[" + spec.fileName() + ", " + maps.size() + " maps, " + programFds.size() + " programs loaded" + (closed ? ", closed" : "") + "]";
    }
}
