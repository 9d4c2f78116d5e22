package org.ebpftest.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.ebpftest.packet.FrameDiff;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.RecordMap;

/**
 * An emulator object and the same object loaded into the kernel, so that the emulator's API keeps
 * working while runs go to the kernel. The emulator's maps stay what a test reads and writes:
 * before each kernel run their contents go to the kernel, and after it the kernel's come back
 * (keyed maps and writable global data; see {@link MapMirror}), and the records the kernel's run
 * wrote to ring buffers and perf event arrays join the emulator's, where the test drains them. Under {@link Backend#KERNEL} the
 * kernel's answer is returned; under {@link Backend#BOTH} the emulator runs too and any difference
 * in return value, packet, maps or records written fails with a {@link BackendMismatchError}.
 *
 * <p>Global data set before load (a skeleton's {@code .rodata}) is taken from the emulator's
 * object when the twin is made.
 */
public final class KernelTwin implements AutoCloseable {
    /**
     * Helpers whose answers the emulator makes up (its clock, its seeded random numbers), so that a
     * run calling them cannot give the kernel's answer and {@code both} has nothing to compare.
     */
    private static final java.util.Set<String> UNREPRODUCIBLE = java.util.Set.of("bpf_ktime_get_ns", "bpf_ktime_get_boot_ns",
            "bpf_ktime_get_coarse_ns", "bpf_ktime_get_tai_ns", "bpf_jiffies64", "bpf_get_prandom_u32");

    private final LoadedObject emulator;
    private final KernelObject kernel;
    private final Backend backend;
    /** The ring buffers and perf event arrays, whose records come back from the kernel. */
    private final List<RecordMirror> records = new ArrayList<>();

    private KernelTwin(LoadedObject emulator, KernelObject kernel, Backend backend) {
        this.emulator = emulator;
        this.kernel = kernel;
        this.backend = backend;
        for (MapSpec m : emulator.spec().maps()) {
            if (emulator.map(m.name()) instanceof RecordMap recordMap) {
                records.add(new RecordMirror(recordMap, kernel.map(m.name())));
            }
        }
    }

    /**
     * Loads the emulator object's twin into the kernel.
     *
     * @param backend {@link Backend#KERNEL} or {@link Backend#BOTH}
     * @throws KernelException when the kernel refuses a map
     */
    public static KernelTwin load(LoadedObject emulator, Backend backend) {
        Objects.requireNonNull(emulator, "emulator");
        if (!backend.needsKernel()) {
            throw new IllegalArgumentException("a kernel twin runs under kernel or both, not " + backend);
        }
        KernelObject kernel = KernelObject.loader(emulator.spec())
                .globalData(name -> emulator.findMap(name).flatMap(m -> m.lookup(new byte[4])))
                .load();
        return new KernelTwin(emulator, kernel, backend);
    }

    /** The emulator's object, whose maps a test reads and writes. */
    public LoadedObject emulator() {
        return emulator;
    }

    /** The kernel's object. */
    public KernelObject kernel() {
        return kernel;
    }

    /** {@link Backend#KERNEL} or {@link Backend#BOTH}. */
    public Backend backend() {
        return backend;
    }

    /**
     * Runs a program on the backend, on the input the emulator's {@code LoadedObject.run} takes; see
     * the class comment.
     *
     * @throws EmulatorOnlyException for raw context memory ({@code RawInput}, {@code MemoryInput}),
     *     which is not carried to the kernel yet
     */
    public RunResult run(String program, RunInput input) {
        if (input instanceof XdpInput xdp) {
            return runXdp(program, xdp);
        }
        if (input instanceof SkbInput skb) {
            return runSkb(program, skb);
        }
        throw new EmulatorOnlyException("runs on raw context memory (" + input.getClass().getSimpleName() + ")", program, emulator.spec().fileName());
    }

    /** Runs an XDP program on the backend; see the class comment. */
    public RunResult runXdp(String program, XdpInput input) {
        return run(program, () -> emulator.run(program, input), () -> kernel.run(program, input));
    }

    /** Runs a tc, socket-filter or cgroup-skb program on the backend; see the class comment. */
    public RunResult runSkb(String program, SkbInput input) {
        return run(program, () -> emulator.run(program, input), () -> kernel.run(program, input));
    }

    /**
     * One BPF_PROG_TEST_RUN of the kernel's program on raw test-run inputs, as {@code bpftool prog
     * run} passes them, with the emulator's maps carried to the kernel before and back after; the
     * backend's {@code both} comparison does not apply (the emulator has no such entry).
     */
    public TestRunOutput testRun(String program, TestRunInput input) {
        Optional<String> feature = emulatorOnlyFeature();
        if (feature.isPresent()) {
            throw new EmulatorOnlyException(feature.get(), program, emulator.spec().fileName());
        }
        synchronized (emulator) {
            push();
            TestRunOutput out = kernel.testRun(program, input);
            pull();
            return out;
        }
    }

    /**
     * What of the emulator's environment a run would need but the kernel does not have, or empty.
     * Mocked helpers, a clock the test set or advanced, devices, a tunnel and sockets the test
     * added: the kernel's answer would silently ignore them.
     */
    public Optional<String> emulatorOnlyFeature() {
        LinuxEnvironment env = emulator.environment();
        if (!env.overrides().ids().isEmpty()) {
            return Optional.of("mocked helpers (" + env.overrides().ids().stream().map(Object::toString).sorted().toList() + ")");
        }
        if (env.clock().monotonicNs() != VirtualClock.DEFAULT_MONOTONIC_NS) {
            return Optional.of("the virtual clock (set or advanced by the test)");
        }
        if (env.devices().size() > 1) {
            return Optional.of("network devices added to the environment");
        }
        if (env.tunnel().isPresent()) {
            return Optional.of("a tunnel set in the environment");
        }
        if (!env.sockets().sockets().isEmpty()) {
            return Optional.of("a socket table the test built");
        }
        return Optional.empty();
    }

    private RunResult run(String program, Supplier<RunResult> onEmulator, Supplier<RunResult> onKernel) {
        Optional<String> feature = emulatorOnlyFeature();
        if (feature.isPresent()) {
            throw new EmulatorOnlyException(feature.get(), program, emulator.spec().fileName());
        }
        int cpu = emulator.environment().cpu();
        if (cpu >= KernelCpus.possible()) {
            throw new EmulatorOnlyException("CPU " + cpu + " (the kernel has " + KernelCpus.possible() + ")", program, emulator.spec().fileName());
        }
        synchronized (emulator) {
            push();
            if (backend == Backend.KERNEL) {
                RunResult result = onKernel.get();
                pull();
                return result;
            }
            int[] pendingBefore = records.stream().mapToInt(RecordMirror::pending).toArray();
            RunResult expected = onEmulator.get();
            Optional<String> unreproducible = expected.helperCalls().stream().map(c -> c.name()).filter(UNREPRODUCIBLE::contains).findFirst();
            if (unreproducible.isPresent()) {
                throw new EmulatorOnlyException((unreproducible.get().equals("bpf_get_prandom_u32") ? "the seeded random numbers" : "the virtual clock")
                        + " (it calls " + unreproducible.get() + ", so the two runs cannot be compared)", program, emulator.spec().fileName());
            }
            RunResult actual = onKernel.get();
            List<String> differences = differences(expected, actual);
            for (int i = 0; i < records.size(); i++) {
                differences.addAll(records.get(i).compare(pendingBefore[i]));
            }
            if (!differences.isEmpty()) {
                throw new BackendMismatchError("[" + program + "] of [" + emulator.spec().fileName() + "]", differences);
            }
            return expected;
        }
    }

    private List<String> differences(RunResult emu, RunResult ker) {
        List<String> out = new ArrayList<>();
        if (emu.retval() != ker.retval()) {
            out.add("return value: emulator " + Integer.toUnsignedString(emu.retval()) + ", kernel " + Integer.toUnsignedString(ker.retval()));
        }
        if (!Arrays.equals(emu.packet(), ker.packet())) {
            out.add("packet (expected = emulator, actual = kernel): " + packetDiff(emu.packet(), ker.packet()).replace("\n", "\n  "));
        }
        for (MapSpec m : emulator.spec().maps()) {
            if (MapMirror.mirrored(m)) {
                out.addAll(MapMirror.compare(emulator.map(m.name()), kernel.map(m.name())));
            }
        }
        return out;
    }

    private static String packetDiff(byte[] emulator, byte[] kernel) {
        try {
            return FrameDiff.of(emulator, kernel).toString();
        } catch (RuntimeException e) {
            // not a frame the packet parser reads (a truncated or metadata-led packet): say it plainly
            return "emulator " + emulator.length + " bytes " + java.util.HexFormat.of().formatHex(emulator) + ", kernel " + kernel.length + " bytes "
                    + java.util.HexFormat.of().formatHex(kernel);
        }
    }

    private void push() {
        records.forEach(RecordMirror::beforeRun);
        for (MapSpec m : emulator.spec().maps()) {
            if (MapMirror.mirrored(m)) {
                MapMirror.push(emulator.map(m.name()), kernel.map(m.name()));
            } else if (m.type() == org.ebpftest.runtime.uapi.MapType.PROG_ARRAY) {
                pushProgramArray(m);
            }
        }
    }

    /**
     * Program-array slots as the emulator's object has them (the static initialiser, then what the
     * test installed or removed), the programs they name loaded into the kernel first. Loading the
     * first program fills the kernel's slots from the initialiser, so that is done before comparing.
     */
    private void pushProgramArray(MapSpec m) {
        KernelMap array = kernel.map(m.name());
        List<Optional<String>> wanted = new ArrayList<>();
        for (int slot = 0; slot < m.maxEntries(); slot++) {
            wanted.add(emulator.programInSlot(m.name(), slot));
        }
        wanted.stream().flatMap(Optional::stream).forEach(kernel::loadProgram);
        for (int slot = 0; slot < wanted.size(); slot++) {
            if (wanted.get(slot).isPresent()) {
                kernel.setProgramSlot(m.name(), slot, wanted.get(slot).get());
            } else {
                array.delete(u32(slot));
            }
        }
    }

    private static byte[] u32(int v) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array();
    }

    private void pull() {
        records.forEach(RecordMirror::takeKernelRecords);
        for (MapSpec m : emulator.spec().maps()) {
            if (MapMirror.mirrored(m)) {
                BpfMap target = emulator.map(m.name());
                MapMirror.pull(kernel.map(m.name()), target);
            }
        }
    }

    /** Releases the kernel's object; the emulator's stays. */
    @Override
    public void close() {
        kernel.close();
    }

    @Override
    public String toString() {
        return "KernelTwin[" + emulator.spec().fileName() + ", " + backend + "]";
    }
}
