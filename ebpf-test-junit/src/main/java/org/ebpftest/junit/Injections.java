package org.ebpftest.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import org.ebpftest.junit.Injection.Kind;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.KeylessMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.ebpftest.runtime.skeleton.Skeleton;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Works out what an element gets, from its annotation and type and the objects its class sees,
 * and says precisely what is wrong when that is impossible. Only parsed objects are needed, so
 * fields are checked once per class, before any test runs.
 */
final class Injections {
    private static final String LOADED_TYPES = "LoadedObject, LinuxEnvironment, VirtualClock or ObjectSpec";

    private Injections() {
    }

    /** The objects a class sees: its own and its enclosing classes', in declaration order. */
    record Visible(Class<?> testClass, List<DeclaredObject> objects) {
        List<String> names() {
            return objects.stream().map(DeclaredObject::name).toList();
        }
    }

    /**
     * Plans the injection into an element.
     *
     * @throws ExtensionConfigurationException naming the element, what it should be and how to fix it
     */
    static Injection plan(Element element, Visible visible) {
        List<String> annotations = element.annotationNames();
        if (annotations.size() > 1) {
            throw error(element.where() + " has " + String.join(" and ", annotations) + ", which ask for different things; keep one of them");
        }
        Optional<ObjectProgram> program = element.find(ObjectProgram.class);
        if (program.isPresent()) {
            requireType(element, "BpfProgram", BpfProgram.class);
            DeclaredObject object = object(element, program.get().object(), visible);
            return Injection.named(object, Kind.PROGRAM, programName(element, object, program.get().value()));
        }
        Optional<ObjectMap> map = element.find(ObjectMap.class);
        if (map.isPresent()) {
            return map(element, map.get(), visible);
        }
        Optional<Loaded> loaded = element.find(Loaded.class);
        Class<?> type = element.type();
        if (Skeleton.class.isAssignableFrom(type)) {
            return skeleton(element, loaded.map(Loaded::object).orElse(""), visible);
        }
        Optional<Kind> kind = loadedKind(type);
        if (loaded.isPresent() || kind.isPresent()) {
            if (kind.isEmpty()) {
                throw error(element.describe() + " must be of type " + LOADED_TYPES + ", but is [" + Names.of(element.genericType()) + "]");
            }
            return Injection.of(object(element, loaded.map(Loaded::object).orElse(""), visible), kind.get());
        }
        if (type == BpfProgram.class) {
            DeclaredObject object = object(element, "", visible);
            return Injection.named(object, Kind.PROGRAM, programName(element, object, ""));
        }
        DeclaredObject object = object(element, "", visible);
        throw error(element.describe() + " is a " + Names.of(type) + " but does not say which map; name it with @ObjectMap(\"...\"), one of "
                + Names.list(mapNames(object.spec())));
    }

    /**
     * A generated skeleton: built from the object its {@link Skeleton.Of} names (or the one
     * {@code @Loaded(object = ...)} names) through its public constructor taking the loaded object.
     */
    private static Injection skeleton(Element element, String wanted, Visible visible) {
        Class<?> type = element.type();
        Skeleton.Of of = type.getAnnotation(Skeleton.Of.class);
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(LoadedObject.class);
        } catch (NoSuchMethodException e) {
            constructor = null;
        }
        if (of == null || constructor == null) {
            throw error(element.describe() + " is a Skeleton, but [" + Names.of(type) + "] has no " + (of == null ? "@Skeleton.Of naming its object"
                    : "public constructor taking a LoadedObject") + "; use a class the skeleton generator wrote");
        }
        if (!wanted.isBlank()) {
            return Injection.skeleton(object(element, wanted, visible), constructor);
        }
        String file = Declaration.fileName(of.value());
        List<DeclaredObject> matching = visible.objects().stream()
                .filter(o -> Declaration.fileName(o.declaration().location()).equals(file)).toList();
        if (matching.size() == 1) {
            return Injection.skeleton(matching.get(0), constructor);
        }
        String testClass = Names.of(visible.testClass());
        if (matching.isEmpty()) {
            throw error(element.describe() + " is the skeleton of [" + of.value() + "], but [" + testClass + "] loads "
                    + (visible.objects().isEmpty() ? "no object" : Names.list(visible.names())) + "; add @BpfObject(\"" + of.value() + "\") to the class");
        }
        throw error(element.describe() + " is the skeleton of [" + of.value() + "], which [" + testClass + "] loads as "
                + Names.list(matching.stream().map(DeclaredObject::name).toList()) + "; say which with @Loaded(object = \""
                + matching.get(0).name() + "\")");
    }

    private static Optional<Kind> loadedKind(Class<?> type) {
        if (type == LoadedObject.class) {
            return Optional.of(Kind.OBJECT);
        } else if (type == LinuxEnvironment.class) {
            return Optional.of(Kind.ENVIRONMENT);
        } else if (type == VirtualClock.class) {
            return Optional.of(Kind.CLOCK);
        } else if (type == ObjectSpec.class) {
            return Optional.of(Kind.SPEC);
        }
        return Optional.empty();
    }

    private static void requireType(Element element, String expected, Class<?> type) {
        if (element.type() != type) {
            throw error(element.describe() + " must be of type " + expected + ", but is [" + Names.of(element.genericType()) + "]");
        }
    }

    private static DeclaredObject object(Element element, String wanted, Visible visible) {
        List<DeclaredObject> objects = visible.objects();
        String testClass = Names.of(visible.testClass());
        if (objects.isEmpty()) {
            throw error(element.describe() + " needs an object, but [" + testClass + "] declares none; add @BpfObject(\"...\") to the class");
        }
        if (wanted.isBlank()) {
            if (objects.size() == 1) {
                return objects.get(0);
            }
            throw error(element.describe() + " does not say which object it wants, and [" + testClass + "] loads " + Names.list(visible.names())
                    + "; name one with object = \"" + objects.get(0).name() + "\"");
        }
        return objects.stream().filter(o -> o.name().equals(wanted)).findFirst().orElseThrow(() -> error(
                element.describe() + " names object [" + wanted + "], but [" + testClass + "] loads " + Names.list(visible.names())));
    }

    private static String programName(Element element, DeclaredObject object, String wanted) {
        List<String> names = object.spec().programs().stream().map(ProgramSpec::name).toList();
        String file = object.name();
        if (wanted.isBlank()) {
            if (names.size() == 1) {
                return names.get(0);
            }
            if (names.isEmpty()) {
                throw error(element.describe() + " wants a program, but [" + file + "] has none");
            }
            throw error(element.describe() + " does not name a program, and [" + file + "] has " + names.size() + ": " + Names.list(names)
                    + "; name one with @ObjectProgram(\"" + names.get(0) + "\")");
        }
        if (!names.contains(wanted)) {
            throw error(element.describe() + " names program [" + wanted + "], but [" + file + "] has programs " + Names.list(names));
        }
        return wanted;
    }

    private static Injection map(Element element, ObjectMap annotation, Visible visible) {
        Class<?> type = element.type();
        if (!isMapType(type) && type != TypedMap.class) {
            throw error(element.describe() + " must be of type BpfMap, a map class such as RingBufMap, or TypedMap, but is ["
                    + Names.of(element.genericType()) + "]");
        }
        DeclaredObject object = object(element, annotation.object(), visible);
        String name = annotation.value();
        ObjectSpec spec = object.spec();
        MapSpec map = spec.maps().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> error(
                element.describe() + " names map [" + name + "], but [" + object.name() + "] has maps " + Names.list(mapNames(spec))));
        if (isMapType(type)) {
            requireMapClass(element, type, map, object);
            return Injection.named(object, Kind.MAP, name);
        }
        if (!(element.genericType() instanceof ParameterizedType parameterized)) {
            throw error(element.describe() + " must give its key and value types, such as TypedMap<Integer, Long>");
        }
        Type[] arguments = parameterized.getActualTypeArguments();
        MapCodec<?> keys = codec(element, "key", arguments[0], map.keySize());
        MapCodec<?> values = codec(element, "value", arguments[1], map.valueSize());
        checkSize(element, "key", arguments[0], keys, map.keySize(), name, object);
        checkSize(element, "value", arguments[1], values, map.valueSize(), name, object);
        return Injection.typedMap(object, name, keys, values);
    }

    /** A map class ({@code RingBufMap}) or a capability a map class has ({@code RecordMap}, {@code KeylessMap}). */
    private static boolean isMapType(Class<?> type) {
        return BpfMap.class.isAssignableFrom(type) || type == RecordMap.class || type == KeylessMap.class;
    }

    /** A field of a map class ({@code RingBufMap events}) needs a map the load makes of that class. */
    private static void requireMapClass(Element element, Class<?> wanted, MapSpec map, DeclaredObject object) {
        if (wanted == BpfMap.class) {
            return;
        }
        Class<? extends BpfMap> actual;
        try {
            actual = BpfMaps.classOf(map.type());
        } catch (IllegalArgumentException e) {
            return; // the load refuses the map and says why
        }
        if (!wanted.isAssignableFrom(actual)) {
            String typeName = map.type().displayName();
            String article = "aeiou".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ";
            String fix = Modifier.isPublic(actual.getModifiers()) ? "BpfMap or " + actual.getSimpleName() : "BpfMap";
            throw error(element.describe() + " is a " + wanted.getSimpleName() + ", but map [" + map.name() + "] in [" + object.name() + "] is "
                    + article + typeName + " map (" + actual.getSimpleName() + "); declare it as " + fix);
        }
    }

    private static List<String> mapNames(ObjectSpec spec) {
        return spec.maps().stream().map(MapSpec::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static MapCodec<?> codec(Element element, String role, Type type, int size) {
        if (type == Byte.class) {
            return MapCodec.int8();
        } else if (type == Short.class) {
            return MapCodec.int16();
        } else if (type == Integer.class) {
            return MapCodec.int32();
        } else if (type == Long.class) {
            return MapCodec.int64();
        } else if (type == Inet4Address.class) {
            return MapCodec.ipv4();
        } else if (type == byte[].class) {
            return MapCodec.bytes(size);
        } else if (type instanceof Class<?> c && c.isRecord()) {
            try {
                return MapCodec.record((Class<? extends Record>) c);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(element.describe() + " has " + role + " type [" + Names.of(c)
                        + "], which cannot be laid out as a C struct: " + e.getMessage(), e);
            }
        }
        throw error(element.describe() + " has " + role + " type [" + Names.of(type) + "], which has no codec; use Byte, Short, Integer, Long, "
                + "Inet4Address, byte[] or a record, or inject the BpfMap and call typed(keyCodec, valueCodec)");
    }

    private static void checkSize(Element element, String role, Type type, MapCodec<?> codec, int size, String map, DeclaredObject object) {
        if (codec.size() != size) {
            throw error(element.describe() + " has " + role + " type [" + Names.of(type) + "] of " + codec.size() + " bytes, but map [" + map
                    + "] in [" + object.name() + "] has " + size + "-byte " + role + "s");
        }
    }

    private static ExtensionConfigurationException error(String message) {
        return new ExtensionConfigurationException(message);
    }
}
