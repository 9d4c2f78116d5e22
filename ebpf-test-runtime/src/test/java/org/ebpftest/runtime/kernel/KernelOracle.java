package org.ebpftest.runtime.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks this machine's Linux kernel what a program does, through {@code bpftool prog loadall} and
 * {@code bpftool prog run} (BPF_PROG_TEST_RUN). Needs root, bpftool and a BPF filesystem; where
 * they are missing, {@link #unavailableReason()} says why and the kernel tests skip.
 */
final class KernelOracle implements AutoCloseable {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    private static final Pattern RESULT = Pattern.compile("Return value: (\\d+), duration[^:]*: (\\d+)ns");

    private final Path pinDir;
    private final Path mapDir;
    private final Path work;

    /**
     * The run of one program on one packet, as the kernel reported it; {@code refusal} is bpftool's
     * error when the kernel refused to run the program at all (then the other fields are 0);
     * {@code ctxOut} is null unless the run was given a ctx_in.
     */
    record KernelRun(long returnValue, byte[] dataOut, long durationNanos, String refusal, byte[] ctxOut) {
    }

    private KernelOracle(Path pinDir, Path work) {
        this.pinDir = pinDir;
        this.mapDir = Path.of(pinDir + "_maps");
        this.work = work;
    }

    /** Why the kernel cannot be asked here, or empty when it can. */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return Optional.of("not Linux");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("not root (BPF_PROG_TEST_RUN needs CAP_BPF and CAP_SYS_ADMIN)");
        }
        Optional<Path> bpftool = bpftool();
        if (bpftool.isEmpty()) {
            return Optional.of("bpftool not found (apt-get install bpftool)");
        }
        if (!Files.isDirectory(BPFFS) || !isBpffs()) {
            return Optional.of("no BPF filesystem at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
        }
        return Optional.empty();
    }

    private static boolean isBpffs() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(BPFFS.toString()) && f[2].equals("bpf")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static Optional<Path> bpftool() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, "bpftool");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Loads every program of an object into the kernel as one type, as
     * {@code bpftool prog loadall X.o DIR type TYPE} does (pinned under a fresh directory, maps
     * not pinned).
     */
    static KernelOracle loadAs(byte[] object, String tag, String type) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ebpftest-kernel-");
        Path pinDir = BPFFS.resolve("ebpftest-" + tag + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path file = work.resolve(tag + ".o");
        Files.write(file, object);
        KernelOracle oracle = new KernelOracle(pinDir, work);
        String out = oracle.bpftool("prog", "loadall", file.toString(), pinDir.toString(), "type", type);
        if (!Files.isDirectory(pinDir)) {
            oracle.close();
            throw new IllegalStateException("kernel refused " + tag + " as " + type + ": " + out);
        }
        return oracle;
    }

    /**
     * Why {@link #loadTyped} cannot run here (python3 or the system's libbpf.so.1 missing), or empty.
     */
    static Optional<String> typedLoaderUnavailableReason() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import ctypes; ctypes.CDLL('libbpf.so.1')").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? Optional.empty() : Optional.of("python3 cannot load the system's libbpf.so.1 (apt-get install libbpf1)");
        } catch (IOException e) {
            return Optional.of("no python3 to load programs of a type bpftool cannot name: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for python3");
        }
    }

    /**
     * Loads every program of an object into the kernel as one program type and expected attach
     * type, by their kernel numbers, with libbpf itself (through a small python3 script): for the
     * types this machine's bpftool (libbpf 1.1) cannot name, such as netfilter. Maps are pinned.
     */
    static KernelOracle loadTyped(byte[] object, String tag, int programType, int attachType) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ebpftest-kernel-");
        Path pinDir = BPFFS.resolve("ebpftest-" + tag + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path file = work.resolve(tag + ".o");
        Files.write(file, object);
        Path script = work.resolve("load_typed.py");
        try (var in = KernelOracle.class.getResourceAsStream("/kernel/load_typed.py")) {
            Files.write(script, in.readAllBytes());
        }
        KernelOracle oracle = new KernelOracle(pinDir, work);
        String out = run(List.of("python3", script.toString(), file.toString(), pinDir.toString(), Integer.toString(programType),
                Integer.toString(attachType), oracle.mapDir.toString()));
        if (!Files.isDirectory(pinDir) || isEmpty(pinDir)) {
            oracle.close();
            throw new IllegalStateException("kernel refused " + tag + " as program type " + programType + ": " + out);
        }
        return oracle;
    }

    /**
     * Loads every program of an object into the kernel with libbpf itself (through a small
     * python3 script, as {@link #loadTyped}), its CO-RE relocations resolved against another
     * object's BTF as libbpf's {@code btf_custom_path} option names it, which this machine's
     * bpftool cannot pass. A refusal is an {@link IllegalStateException} carrying libbpf's messages.
     */
    static KernelOracle loadAgainstBtf(byte[] object, String tag, byte[] targetObject) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ebpftest-kernel-");
        Path pinDir = BPFFS.resolve("ebpftest-" + tag + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path file = work.resolve(tag + ".o");
        Files.write(file, object);
        Path target = Files.write(work.resolve(tag + "_target.o"), targetObject);
        Path script = work.resolve("load_btf_custom.py");
        try (var in = KernelOracle.class.getResourceAsStream("/kernel/load_btf_custom.py")) {
            Files.write(script, in.readAllBytes());
        }
        KernelOracle oracle = new KernelOracle(pinDir, work);
        String out = run(List.of("python3", script.toString(), file.toString(), pinDir.toString(), target.toString()));
        if (!Files.isDirectory(pinDir) || isEmpty(pinDir)) {
            oracle.close();
            throw new IllegalStateException("kernel refused " + tag + " against the BTF of another object: " + out);
        }
        return oracle;
    }

    /** Loads every program of an object into the kernel (pinned under a fresh directory). */
    static KernelOracle load(byte[] object, String tag) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ebpftest-kernel-");
        Path pinDir = BPFFS.resolve("ebpftest-" + tag + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path file = work.resolve(tag + ".o");
        Files.write(file, object);
        KernelOracle oracle = new KernelOracle(pinDir, work);
        String out = oracle.bpftool("prog", "loadall", file.toString(), pinDir.toString(), "pinmaps", oracle.mapDir.toString());
        if (!Files.isDirectory(pinDir) || isEmpty(pinDir)) {
            // bpftool cannot pin some maps (inner-map templates); load without pinning them then,
            // and the caller sees no maps to compare.
            oracle.close();
            oracle = new KernelOracle(pinDir, Files.createTempDirectory("ebpftest-kernel-"));
            Files.write(oracle.work.resolve(tag + ".o"), object);
            out = oracle.bpftool("prog", "loadall", oracle.work.resolve(tag + ".o").toString(), pinDir.toString());
        }
        if (!Files.isDirectory(pinDir)) {
            oracle.close();
            throw new IllegalStateException("kernel refused " + tag + ": " + out);
        }
        return oracle;
    }

    /**
     * The kernel verifier's answer on an object: whether it loaded, and the verifier log libbpf
     * printed between its {@code BEGIN PROG LOAD LOG} and {@code END PROG LOAD LOG} lines (empty
     * when there was none).
     */
    record Verdict(boolean loaded, String verifierLog, String bpftoolOutput) {
    }

    /**
     * Loads every program of an object with {@code bpftool -d prog loadall} (libbpf picks each
     * type from its section) only to learn whether the verifier accepts it; the programs are
     * unpinned again at once.
     */
    static Verdict verify(byte[] object, String tag) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ebpftest-kernel-");
        Path pinDir = BPFFS.resolve("ebpftest-" + tag + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path file = work.resolve(tag + ".o");
        Files.write(file, object);
        try (KernelOracle oracle = new KernelOracle(pinDir, work)) {
            String out = oracle.bpftool("-d", "prog", "loadall", file.toString(), pinDir.toString());
            boolean loaded = Files.isDirectory(pinDir) && !isEmpty(pinDir);
            int begin = out.indexOf("-- BEGIN PROG LOAD LOG --");
            int end = out.indexOf("-- END PROG LOAD LOG --", Math.max(begin, 0));
            String log = begin >= 0 && end > begin ? out.substring(begin, end) : "";
            return new Verdict(loaded, log, out);
        }
    }

    /**
     * Asks the kernel to create a map with {@code bpftool map create} (pinned under a fresh name
     * and removed again): bpftool's error line, or empty when the kernel created the map.
     */
    static Optional<String> createMap(String... typeKeyValueEntries) throws IOException, InterruptedException {
        Path pin = BPFFS.resolve("ebpftest-map-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("map", "create", pin.toString()));
        args.addAll(List.of(typeKeyValueEntries));
        args.addAll(List.of("name", "probe"));
        KernelOracle oracle = new KernelOracle(pin, Files.createTempDirectory("ebpftest-kernel-"));
        try {
            String out = oracle.bpftool(args.toArray(String[]::new)).strip();
            return Files.exists(pin) ? Optional.empty() : Optional.of(out);
        } finally {
            Files.deleteIfExists(pin);
            oracle.close();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Runs one loaded program once on a packet. */
    KernelRun run(String program, byte[] dataIn) throws IOException, InterruptedException {
        return run(program, dataIn, null, List.of());
    }

    /**
     * Runs one loaded program once on data_in and, unless null, ctx_in, with room for the largest
     * data_out test_run writes (bpftool's default of 32 KiB would turn larger frames into ENOSPC).
     */
    KernelRun runWithContext(String program, byte[] dataIn, byte[] ctxIn) throws IOException, InterruptedException {
        return run(program, dataIn, ctxIn, List.of("data_size_out", "262144"));
    }

    private KernelRun run(String program, byte[] dataIn, byte[] ctxIn, List<String> extra) throws IOException, InterruptedException {
        Path in = work.resolve("in.bin");
        Path out = work.resolve("out.bin");
        Path ctx = work.resolve("ctx.bin");
        Path ctxOut = work.resolve("ctx_out.bin");
        Files.write(in, dataIn);
        Files.deleteIfExists(out);
        Files.deleteIfExists(ctxOut);
        List<String> args = new ArrayList<>(List.of("prog", "run", "pinned", pinDir.resolve(program).toString(),
                "data_in", in.toString(), "data_out", out.toString()));
        args.addAll(extra);
        if (ctxIn != null) {
            Files.write(ctx, ctxIn);
            args.addAll(List.of("ctx_in", ctx.toString(), "ctx_out", ctxOut.toString()));
        }
        args.addAll(List.of("repeat", "1"));
        // On CPU 0, so that per-CPU map values land where the emulator (on CPU 0) puts them.
        String text = bpftoolOnCpu0(args.toArray(String[]::new));
        Matcher m = RESULT.matcher(text);
        if (!m.find()) {
            if (text.contains("failed to run program")) {
                return new KernelRun(0, new byte[0], 0, text.strip(), null);
            }
            throw new IllegalStateException("bpftool prog run " + program + " said: " + text);
        }
        byte[] dataOut = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
        byte[] contextOut = ctxIn != null && Files.exists(ctxOut) ? Files.readAllBytes(ctxOut) : null;
        return new KernelRun(Long.parseLong(m.group(1)), dataOut, Long.parseLong(m.group(2)), null, contextOut);
    }

    /**
     * Runs one loaded program once with ctx_in only, and nothing else set, as
     * {@code bpf_prog_test_run_syscall} demands (bpftool always passes data_out and repeat, which it
     * refuses): through a small script that makes the bpf() calls itself, so it needs python3. The
     * result's ctxOut is the ctx_in buffer after the run (syscall programs write it back there);
     * refusal is the errno's number when the kernel refused the run.
     */
    KernelRun runContextOnly(String program, byte[] ctxIn) throws IOException, InterruptedException {
        Path script = work.resolve("test_run_ctx.py");
        if (!Files.exists(script)) {
            try (var in = KernelOracle.class.getResourceAsStream("/kernel/test_run_ctx.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        Path ctx = work.resolve("ctx_only.bin");
        Files.write(ctx, ctxIn);
        String text = run(List.of("taskset", "-c", "0", "python3", script.toString(), pinDir.resolve(program).toString(), ctx.toString()));
        Matcher m = Pattern.compile("retval=(\\d+) errno=(\\d+) ctx=([0-9a-f]*)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("test_run_ctx.py " + program + " said: " + text);
        }
        String errno = m.group(2);
        return new KernelRun(Long.parseLong(m.group(1)), new byte[0], 0, errno.equals("0") ? null : "errno " + errno,
                HexFormat.of().parseHex(m.group(3)));
    }

    /**
     * The kernel's dump of a pinned map as bpftool prints it with {@code -j}: a JSON array of
     * entries with {@code key} and {@code value} (or per-CPU {@code values}) as hex byte strings.
     */
    String dumpMap(String kernelMapName) throws IOException, InterruptedException {
        return bpftool("-j", "map", "dump", "pinned", mapDir.resolve(kernelMapName).toString());
    }

    /**
     * Puts a loaded program into a slot of a pinned program array: this machine's bpftool (libbpf
     * 1.1) does not apply an object's static {@code .values} initialisation of program arrays.
     */
    void setProgramSlot(String kernelMapName, int index, String program) throws IOException, InterruptedException {
        String out = bpftool("map", "update", "pinned", mapDir.resolve(kernelMapName).toString(),
                "key", Integer.toString(index & 0xff), Integer.toString((index >>> 8) & 0xff),
                Integer.toString((index >>> 16) & 0xff), Integer.toString(index >>> 24),
                "value", "pinned", pinDir.resolve(program).toString());
        if (!out.isBlank()) {
            throw new IllegalStateException("bpftool map update " + kernelMapName + " said: " + out);
        }
    }

    /** Writes one element of a pinned map, as {@code bpf_map_update_elem} with flags 0 does. */
    void updateMap(String kernelMapName, byte[] key, byte[] value) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("map", "update", "pinned", mapDir.resolve(kernelMapName).toString(), "key", "hex"));
        for (byte b : key) {
            args.add(String.format("%02x", b));
        }
        args.add("value");
        args.add("hex");
        for (byte b : value) {
            args.add(String.format("%02x", b));
        }
        String out = bpftool(args.toArray(String[]::new));
        if (!out.isBlank()) {
            throw new IllegalStateException("bpftool map update " + kernelMapName + " said: " + out);
        }
    }

    /** Deletes one element of a pinned map, as {@code bpf_map_delete_elem} from user space does. */
    void deleteMapElement(String kernelMapName, byte[] key) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("map", "delete", "pinned", mapDir.resolve(kernelMapName).toString(), "key", "hex"));
        for (byte b : key) {
            args.add(String.format("%02x", b));
        }
        String out = bpftool(args.toArray(String[]::new));
        if (!out.isBlank()) {
            throw new IllegalStateException("bpftool map delete " + kernelMapName + " said: " + out);
        }
    }

    /**
     * Removes a map's pin. Once bpftool has exited the pin is the only user-space reference to the
     * map, so the kernel drops the map's user count to 0 (map_release_uref), as closing the last
     * file descriptor of it would.
     */
    void unpinMap(String kernelMapName) throws IOException {
        Files.delete(mapDir.resolve(kernelMapName));
    }

    /** The kernel's names of the pinned maps. */
    List<String> mapNames() throws IOException {
        if (!Files.isDirectory(mapDir)) {
            return List.of();
        }
        try (var pins = Files.list(mapDir)) {
            return pins.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String bpftoolOnCpu0(String... args) throws IOException, InterruptedException {
        return run(List.of("taskset", "-c", "0"), args);
    }

    private String bpftool(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    private String run(List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(bpftool().orElseThrow().toString());
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        for (Path dir : List.of(pinDir, mapDir)) {
            if (Files.isDirectory(dir)) {
                try (var pins = Files.list(dir)) {
                    for (Path pin : pins.toList()) {
                        Files.deleteIfExists(pin);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(work);
    }
}
