package org.ebpftest.junit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.kernel.Backend;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One run of a program described in JSON: the packet and context it gets, the map entries present
 * before it runs, and what it should return, leave in the packet and leave in the maps. Read with
 * {@link #parse} or {@link #fromClassPath}; run with {@link BpfProgram#run(BpfFixture)}; checked
 * with {@link #check}. Immutable: every array is copied in and out.
 */
public final class BpfFixture {
    private final String source;
    private final String name;
    private final String program;
    private final ProgramType type;
    private final byte[] packet;
    private final byte[] metadata;
    private final Skb skb;
    private final Map<String, List<Entry>> maps;
    private final Expect expect;

    BpfFixture(String source, String name, String program, ProgramType type, byte[] packet, byte[] metadata, Skb skb,
            Map<String, List<Entry>> maps, Expect expect) {
        this.source = source;
        this.name = name;
        this.program = program;
        this.type = type;
        this.packet = packet;
        this.metadata = metadata;
        this.skb = skb;
        this.maps = maps;
        this.expect = expect;
    }

    /**
     * The fixtures of one JSON document: a fixture object, or an array of them.
     *
     * @param source the file name that error messages give
     * @throws FixtureFormatException naming the path, line and column of the first mistake
     */
    public static List<BpfFixture> parse(String source, String json) {
        return FixtureReader.read(FixtureReader.parse(Objects.requireNonNull(source, "source"), Objects.requireNonNull(json, "json")));
    }

    /** The fixtures of a UTF-8 JSON document. */
    public static List<BpfFixture> parse(String source, byte[] json) {
        return parse(source, new String(json, StandardCharsets.UTF_8));
    }

    /**
     * The fixtures of class-path resources, in order of resource name then position in the file:
     * a single file ({@code "fixtures/drop.json"}) or a glob in the last path segment
     * ({@code "fixtures/*.json"}), looked up from the root of the class path, as
     * {@link FixtureFile} looks them up when no class carries the name ({@code "file:"} paths work too).
     *
     * @throws IllegalArgumentException naming every place looked, if nothing matches
     */
    public static List<BpfFixture> fromClassPath(String pattern) {
        try {
            return FileLocator.fixtures("fixtures [" + pattern + "]", null, pattern);
        } catch (ExtensionConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The file it came from, as error messages name it. */
    public String source() {
        return source;
    }

    /** Its name: what a parameterized test's invocation is called. */
    public String name() {
        return name;
    }

    /** The program it is for, when it says. */
    public Optional<String> program() {
        return Optional.ofNullable(program);
    }

    /**
     * The type the fixture's program loads as ({@code "type": "tc"}), when the fixture gives one:
     * the fixture engine loads the object with it, and {@link #runOn} checks the loaded program has it.
     */
    public Optional<ProgramType> type() {
        return Optional.ofNullable(type);
    }

    /**
     * An object with this fixture's {@link #type()} given to its program, or to every program when
     * the fixture names none; the object itself when the fixture gives no type.
     *
     * @throws IllegalArgumentException listing the object's programs when the fixture names a program it does not have
     */
    public ObjectSpec typed(ObjectSpec spec) {
        if (type == null) {
            return spec;
        }
        return program != null ? spec.withProgramType(program, type) : spec.withProgramType(type);
    }

    /** The frame the program gets, from the Ethernet header on. */
    public byte[] packet() {
        return packet.clone();
    }

    /** XDP metadata in front of the packet; empty when there is none. */
    public byte[] metadata() {
        return metadata.clone();
    }

    /** The {@code __sk_buff} fields for tc, socket-filter and cgroup-skb programs, when given. */
    public Optional<Skb> skb() {
        return Optional.ofNullable(skb);
    }

    /** The entries put into each map, by map name, before the program runs. */
    public Map<String, List<Entry>> maps() {
        return maps;
    }

    /** What the run should produce. */
    public Expect expect() {
        return expect;
    }

    /**
     * Runs the fixture on a loaded object, on the program it names, or on the object's only
     * program. Prefer {@link BpfProgram#run(BpfFixture)} when a test has the program already.
     *
     * @throws IllegalArgumentException if the fixture names no program and the object has several
     */
    public RunResult runOn(LoadedObject object) {
        String chosen = program;
        if (chosen == null) {
            List<String> names = object.programNames();
            if (names.size() != 1) {
                throw new IllegalArgumentException("fixture [" + name + "] in [" + source + "] does not name a program, and ["
                        + object.spec().fileName() + "] has " + names.size() + ": " + names + "; add \"program\": \"" + names.get(0) + "\"");
            }
            chosen = names.get(0);
        }
        // a program the object lacks is left to BpfProgram.of, which lists the object's programs
        ProgramSpec loaded = type == null ? null : object.spec().findProgram(chosen).orElse(null);
        if (loaded != null && loaded.type() != type) {
            throw new IllegalArgumentException("fixture [" + name + "] in [" + source + "] runs program [" + chosen + "] as "
                    + type.bpftoolName() + ", but [" + object.spec().fileName() + "] loaded it as "
                    + loaded.type().bpftoolName() + " (typed by " + loaded.typedBy() + "); load the object with that type, "
                    + "such as @BpfObject(programTypes = \"" + chosen + "=" + type.bpftoolName() + "\")");
        }
        return BpfProgram.of(object, chosen).run(this);
    }

    /**
     * Runs the fixture on a loaded object, as {@link #runOn(LoadedObject)} does, on a backend: under
     * {@code kernel} or {@code both} the object gets a kernel twin for this run, released after it
     * (the run's map contents stay in the object's maps, for {@link #check}). The fixture engine
     * runs case files this way, on the backend {@code ebpftest.backend} names.
     *
     * @throws org.opentest4j.TestAbortedException without a kernel to run on, or for a run that
     *     needs what only the emulator has, naming why
     */
    public RunResult runOn(LoadedObject object, Backend backend) {
        Objects.requireNonNull(backend, "backend");
        try (AutoCloseable twin = Backends.attach(object, backend)) {
            return runOn(object);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("releasing the kernel twin of [" + object.spec().fileName() + "]", e);
        }
    }

    /**
     * Checks a run of this fixture against its expectations: the return value, the packet and the
     * map entries it lists (other entries may exist).
     *
     * @param object the object the run happened on, whose maps are read
     * @throws org.opentest4j.AssertionFailedError listing every mismatch
     */
    public void check(RunResult result, LoadedObject object) {
        FixtureCheck.check(this, result, object);
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@code __sk_buff} fields a fixture sets; absent ones are zero. */
    public record Skb(int mark, int priority, int ifindex, List<Integer> cb) {
        /** Fields as given; {@code cb} has five words. */
        public Skb {
            cb = List.copyOf(cb);
        }
    }

    /**
     * A map entry: a key and its value, or one value per CPU for per-CPU maps.
     *
     * @param values one value, or one per CPU
     * @param perCpu whether the fixture gave one value per CPU
     * @param where where the fixture gives the value or values, as messages name it:
     *     {@code flows.json: $.maps.sizes[0].values (line 3, column 40)}; empty when unknown
     */
    public record Entry(byte[] key, List<byte[]> values, boolean perCpu, String where) {
        /** Copies the arrays. */
        public Entry {
            key = key.clone();
            values = values.stream().map(byte[]::clone).toList();
            where = Objects.requireNonNull(where, "where");
        }

        /** An entry whose place in a file is unknown. */
        public Entry(byte[] key, List<byte[]> values, boolean perCpu) {
            this(key, values, perCpu, "");
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public List<byte[]> values() {
            return values.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * What a run should produce.
     *
     * @param returnValue the value test_run reports: the low 32 bits of r0
     * @param returnName the action name the fixture gave, such as {@code XDP_PASS}, if it gave one
     * @param packet the packet after the run, if checked
     * @param maps entries each map must hold after the run
     */
    public record Expect(int returnValue, Optional<String> returnName, Optional<byte[]> packet, Map<String, List<Entry>> maps) {
        /** Copies the packet and the map of entries. */
        public Expect {
            packet = packet.map(byte[]::clone);
            maps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(maps));
        }

        @Override
        public Optional<byte[]> packet() {
            return packet.map(byte[]::clone);
        }
    }
}
