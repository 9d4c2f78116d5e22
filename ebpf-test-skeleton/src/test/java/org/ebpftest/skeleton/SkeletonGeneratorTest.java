package org.ebpftest.skeleton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.skeleton.Skeleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates the skeleton of layouts.o (every layout: padding, nesting, arrays, enums, unions,
 * bitfields, {@code __be}, globals in four sections, a tagged and an untagged ring buffer), compiles
 * it with javac, and checks it against the bytes the C program reads and writes.
 */
class SkeletonGeneratorTest {
    private static final Path OBJECT = resource("skeleton/layouts.o");
    private static final byte[] FRAME = new byte[64];

    /**
     * Typed use of the skeleton, compiled with it: what a test author writes. It opens the object,
     * sets two .rodata values, puts a record at key 2 and runs once.
     */
    private static final String DRIVER = """
            package demo;

            import java.nio.file.Path;
            import java.util.LinkedHashMap;
            import java.util.Map;
            import java.util.function.Function;
            import org.ebpftest.runtime.linux.buffers.XdpInput;

            public final class Driver implements Function<Path, Map<String, Object>> {
                @Override
                public Map<String, Object> apply(Path object) {
                    Layouts skeleton = Layouts.open(object).scale(2).defaultMode(Layouts.Mode.MODE_AUTO).load();
                    Layouts.RecordStruct sent = new Layouts.RecordStruct((byte) 9, 1L,
                            new Layouts.Endpoint(0x01020304, (short) 443, (short) 5),
                            new Layouts.Endpoint[] {new Layouts.Endpoint(0, (short) 0, (short) 0), new Layouts.Endpoint(0, (short) 0, (short) 77)},
                            new short[][] {{0, 0, 0}, {0, 0, (short) 0x1234}},
                            Layouts.Mode.MODE_OFF, Layouts.Address.ofV4(0xcafe), 6, 511, -8, new byte[6], (short) 0);
                    skeleton.records().put(2, sent);
                    skeleton.customCounter().set(100);
                    Map<String, Object> seen = new LinkedHashMap<>();
                    seen.put("verdict", skeleton.writeRecord().run(XdpInput.of(new byte[64])).retval());
                    seen.put("mid", skeleton.seenMid().get());
                    seen.put("low", skeleton.seenLow().get());
                    seen.put("neg", skeleton.seenNeg().get());
                    seen.put("v4", skeleton.seenV4().get());
                    seen.put("grid12", skeleton.seenGrid12().get());
                    seen.put("port", skeleton.seenPort().get());
                    seen.put("weight", skeleton.seenWeight().get());
                    seen.put("lastPeer", skeleton.lastPeer().get());
                    seen.put("runs", skeleton.runs().get());
                    seen.put("customCounter", skeleton.customCounter().get());
                    seen.put("count", skeleton.records().get(1).orElseThrow().count());
                    seen.put("mode", skeleton.records().get(1).orElseThrow().mode());
                    seen.put("events", skeleton.events().drain());
                    seen.put("untyped", skeleton.untyped().drain().size());
                    seen.put("scale", skeleton.scale().get());
                    return seen;
                }
            }
            """;

    /** The skeleton and the driver, compiled once for the class: javac takes seconds. */
    @TempDir
    static Path compiled;
    private static ClassLoader loader;

    @TempDir
    Path work;

    @BeforeAll
    static void compileTheSkeletonAndTheDriver() {
        GeneratedSkeleton generated = SkeletonGenerator.generate(ObjectSpec.load(OBJECT), "layouts.o", "demo");
        loader = InMemoryCompiler.compile(compiled, Map.of(generated.relativePath(), generated.source(), Path.of("demo", "Driver.java"), DRIVER));
    }

    @Test
    void generatesAClassNamedAfterTheObjectThatTheJUnitExtensionRecognises() throws Exception {
        // Given the generated skeleton, compiled with javac (-Xlint:all -Werror)
        GeneratedSkeleton generated = SkeletonGenerator.generate(ObjectSpec.load(OBJECT), "layouts.o", "demo");
        Class<?> skeleton = loader.loadClass("demo.Layouts");

        // Then it is named after the object, carries its file name and takes a loaded object
        assertThat(generated.qualifiedName()).isEqualTo("demo.Layouts");
        assertThat(generated.relativePath()).isEqualTo(Path.of("demo", "Layouts.java"));
        assertThat(Skeleton.class).isAssignableFrom(skeleton);
        assertThat(skeleton.getAnnotation(Skeleton.Of.class).value()).isEqualTo("layouts.o");
        assertThat(skeleton.getConstructor(LoadedObject.class)).isNotNull();
    }

    @Test
    void closingTheSkeletonClosesItsObject() throws Exception {
        LoadedObject object = LoadedObject.load(OBJECT);
        Object skeleton = loader.loadClass("demo.Layouts").getConstructor(LoadedObject.class).newInstance(object);

        ((AutoCloseable) skeleton).close();

        assertThat(object.isClosed()).isTrue();
    }

    @Test
    void decodesTheRecordTheProgramWritesAndEncodesItBackToTheSameBytes() throws Exception {
        // Given the skeleton over a loaded layouts.o, run once
        LoadedObject object = LoadedObject.load(OBJECT);
        Object skeleton = loader.loadClass("demo.Layouts").getConstructor(LoadedObject.class).newInstance(object);
        object.run("write_record", org.ebpftest.runtime.linux.buffers.XdpInput.of(FRAME));

        // When the record C wrote at key 1 is read through the typed map
        Object typedMap = call(skeleton, "records");
        Object record = ((java.util.Optional<?>) call(typedMap, "get", 1)).orElseThrow();

        // Then every field has the value C gave it: nested, arrays, enum, union, bitfields, __be
        assertThat(record).hasToString("RecordStruct[kind=3, count=" + 0x1122334455667788L
                + ", peer=Endpoint[addr=167772161, port=8080, weight=300]"
                + ", hops=[Endpoint[addr=-1062731775, port=53, weight=0], Endpoint[addr=0, port=0, weight=7]]"
                + ", grid=[[0, 2, 0], [0, 0, -16657]], mode=MODE_ON, addr=Address[bytes=[-17, -66, -83, -34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]"
                + ", low=5, mid=300, neg=-3, name=[108, 98, 0, 0, 0, 0], delta=-2]");
        assertThat(call(call(record, "addr"), "v4")).isEqualTo(0xdeadbeef);
        // and encoding it gives back exactly the bytes the program stored, padding included
        byte[] raw = object.map("records").lookup(new byte[] {1, 0, 0, 0}).orElseThrow();
        Object codec = record.getClass().getField("CODEC").get(null);
        byte[] encoded = (byte[]) codec.getClass().getMethod("encode", Object.class).invoke(codec, record);
        assertThat(encoded).isEqualTo(raw);
        assertThat(record.getClass().getField("SIZE").get(null)).isEqualTo(88);
    }

    @Test
    @SuppressWarnings("unchecked")
    void setsReadOnlyGlobalsBeforeLoadAndReadsWhatTheProgramSawOfARecordJavaEncoded() throws Exception {
        // Given typed code that opens the object with scale 2 and MODE_AUTO and puts a record at key 2
        // When it runs the program once
        Map<String, Object> seen = ((Function<Path, Map<String, Object>>) loader.loadClass("demo.Driver").getConstructor().newInstance())
                .apply(OBJECT);

        // Then C read each field of the Java-encoded record as Java meant it
        assertThat(seen).containsEntry("verdict", 2)
                .containsEntry("mid", 511).containsEntry("low", 6).containsEntry("neg", -8)
                .containsEntry("v4", 0xcafe).containsEntry("grid12", 0x1234).containsEntry("port", (short) 443)
                .containsEntry("weight", (short) 77);
        assertThat(seen.get("lastPeer")).hasToString("Endpoint[addr=16909060, port=443, weight=5]");
        // and the globals set before load reached the program, those set after it too
        assertThat(seen).containsEntry("count", 0x1122334455667788L * 2).containsEntry("scale", 2)
                .containsEntry("runs", 1L).containsEntry("customCounter", 101);
        assertThat(seen.get("mode")).hasToString("MODE_AUTO");
        // and the tagged ring buffer's records are typed, the untagged one's are bytes
        assertThat((List<Object>) seen.get("events")).singleElement().hasToString("Event[seq=1, mode=MODE_AUTO, port=8080]");
        assertThat(seen).containsEntry("untyped", 1);
    }

    @Test
    void refusesToWriteAReadOnlyGlobalOnceLoadedAsTheKernelDoes() throws Exception {
        // Given a loaded skeleton
        Object skeleton = loader.loadClass("demo.Layouts").getConstructor(LoadedObject.class).newInstance(LoadedObject.load(OBJECT));
        Object scale = call(skeleton, "scale");

        // When a test writes .rodata after the load, then the frozen map refuses with EPERM
        assertThat(call(scale, "get")).isEqualTo(1);
        assertThatThrownBy(() -> {
            try {
                scale.getClass().getMethod("set", Object.class).invoke(scale, 5);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }).isInstanceOf(MapOperationException.class).hasMessageContaining("EPERM");
    }

    @Test
    void refusesAUnionOfTheWrongSizeWhereItIsMade() throws Exception {
        Class<?> address = loader.loadClass("demo.Layouts$Address");

        assertThatThrownBy(() -> {
            try {
                address.getConstructor(byte[].class).newInstance((Object) new byte[4]);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage("union address is 16 bytes, not 4");
    }

    @Test
    void refusesAStructWithAnArrayOfTheWrongLengthWhereItIsMade() throws Exception {
        Class<?> endpoint = loader.loadClass("demo.Layouts$Endpoint");
        Class<?> mode = loader.loadClass("demo.Layouts$Mode");
        Class<?> address = loader.loadClass("demo.Layouts$Address");
        Object peer = endpoint.getConstructors()[0].newInstance(1, (short) 2, (short) 3);
        Object hops = java.lang.reflect.Array.newInstance(endpoint, 2);
        java.lang.reflect.Array.set(hops, 0, peer);
        java.lang.reflect.Array.set(hops, 1, peer);

        assertThatThrownBy(() -> {
            try {
                loader.loadClass("demo.Layouts$RecordStruct").getConstructors()[0].newInstance((byte) 1, 2L, peer, hops,
                        new short[2][3], mode.getField("MODE_ON").get(null), address.getConstructor(byte[].class).newInstance((Object) new byte[16]),
                        1, 2, 3, new byte[5], (short) 4);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage("struct record.name has 6 elements, not 5");
    }

    @Test
    void saysInTheJavadocWhenTheBtfNamesNoRecordTypeForARingBuffer() {
        // Given the generated source
        String source = SkeletonGenerator.generate(ObjectSpec.load(OBJECT), "layouts.o", "demo").source();

        // Then the untagged ring buffer stays bytes and its Javadoc says why and how to type it
        assertThat(source).contains("public RecordMap untyped()")
                .contains("ringbuf {@code untyped}, its records as bytes: the BTF names no record type for it")
                .contains("btf_decl_tag(\"ebpftest.record=struct event\")")
                .contains("public TypedRecords<Event> events()");
    }

    @Test
    void makesAValueWithASpinLockWithoutTheLockWhichUserSpaceAlwaysSeesAsZero() throws Exception {
        // Given helpers_env.o's struct locked {struct bpf_spin_lock lock; __u32 count;}, the value of its counter map
        Path object = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "elf", "helpers_env.o");
        GeneratedSkeleton generated = SkeletonGenerator.generate(ObjectSpec.load(object), "helpers_env.o", "env");
        ClassLoader env = InMemoryCompiler.compile(work, Map.of(generated.relativePath(), generated.source()));
        Class<?> locked = env.loadClass("env.HelpersEnv$Locked");
        Class<?> lock = env.loadClass("env.HelpersEnv$BpfSpinLock");

        // When one is made from its count alone
        Object value = locked.getConstructor(int.class).newInstance(7);

        // Then it is the value with a zero lock, and it encodes to the lock's zero bytes and the count
        assertThat(value).isEqualTo(locked.getConstructor(lock, int.class).newInstance(lock.getConstructor(int.class).newInstance(0), 7));
        Object codec = locked.getField("CODEC").get(null);
        assertThat((byte[]) call(codec, "encode", value)).containsExactly(0, 0, 0, 0, 7, 0, 0, 0);
        assertThat(generated.source()).contains("{@code struct locked} without {@code lock}, which the kernel owns");
    }

    @Test
    void refusesAPackageThatIsNotAJavaName() {
        assertThatThrownBy(() -> SkeletonGenerator.generate(ObjectSpec.load(OBJECT), "layouts.o", "com.example-bpf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("skeleton package [com.example-bpf] is not a Java package name, such as com.example.bpf");
    }

    @Test
    void writesTheSourceOnlyWhenItChanged() throws Exception {
        // Given a skeleton written once
        GeneratedSkeleton generated = SkeletonGenerator.generate(ObjectSpec.load(OBJECT), "layouts.o", "demo");
        assertThat(generated.writeTo(work)).isTrue();

        // When it is written again unchanged, then the file is left alone
        assertThat(generated.writeTo(work)).isFalse();
        assertThat(work.resolve("demo/Layouts.java")).hasContent(generated.source());
    }

    private static Object call(Object target, String method, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + method + " on " + target.getClass());
    }

    private static Path resource(String name) {
        try {
            return Path.of(SkeletonGeneratorTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
