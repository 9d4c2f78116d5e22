package org.ebpftest.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ebpftest.runtime.context.BpfContext;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Resolves {@link PacketFile}, {@link FixtureFile} and {@link ContextFile} parameters, and sets such fields before each
 * test. Registered by the annotations themselves, so it works with or without {@link BpfObject}.
 * Fields are set in {@code beforeEach} rather than when the instance is created, because JUnit
 * registers an extension declared on an instance field only after the instance exists.
 */
final class InputFilesExtension implements ParameterResolver, BeforeEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(PacketFile.class) || parameter.isAnnotated(FixtureFile.class) || parameter.isAnnotated(ContextFile.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Element element = Element.of(parameter);
        try {
            return value(parameter.getParameter(), parameter.getParameter().getParameterizedType(), element.where(),
                    parameter.getDeclaringExecutable().getDeclaringClass());
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e.getCause());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), PacketFile.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
                set(field, instance);
            }
            for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), FixtureFile.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
                set(field, instance);
            }
            for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), ContextFile.class, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
                set(field, instance);
            }
        }
    }

    private static void set(Field field, Object instance) throws IllegalAccessException {
        String where = "field [" + field.getName() + "] in [" + Names.of(field.getDeclaringClass()) + "]";
        String annotation = AnnotationSupport.isAnnotated(field, PacketFile.class) ? "@PacketFile"
                : AnnotationSupport.isAnnotated(field, FixtureFile.class) ? "@FixtureFile" : "@ContextFile";
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException(annotation + " " + where + " must not be final");
        }
        if (Modifier.isStatic(field.getModifiers())) {
            throw new ExtensionConfigurationException(annotation + " " + where + " must not be static; it is set before each test, so make it an instance field");
        }
        field.setAccessible(true);
        field.set(instance, value(field, field.getGenericType(), where, field.getDeclaringClass()));
    }

    private static Object value(AnnotatedElement element, Type type, String where, Class<?> testClass) {
        Optional<PacketFile> packet = AnnotationSupport.findAnnotation(element, PacketFile.class);
        Optional<FixtureFile> fixture = AnnotationSupport.findAnnotation(element, FixtureFile.class);
        Optional<ContextFile> context = AnnotationSupport.findAnnotation(element, ContextFile.class);
        if (packet.isPresent() && fixture.isPresent() || context.isPresent() && (packet.isPresent() || fixture.isPresent())) {
            throw new ExtensionConfigurationException(where + " has more than one of @PacketFile, @FixtureFile and @ContextFile,"
                    + " which ask for different things; keep one of them");
        }
        if (packet.isPresent()) {
            return packets(packet.get(), type, where, testClass);
        }
        if (context.isPresent()) {
            return contexts(context.get(), type, where, testClass);
        }
        return fixtures(fixture.orElseThrow(), type, where, testClass);
    }

    private static Object packets(PacketFile annotation, Type type, String where, Class<?> testClass) {
        String what = "@PacketFile [" + annotation.value() + "] on " + where;
        boolean list = isListOf(type, byte[].class);
        if (type != byte[].class && !list) {
            throw new ExtensionConfigurationException(what + " must be of type byte[] (one frame) or List<byte[]> (every frame), but is ["
                    + Names.of(type) + "]");
        }
        List<byte[]> frames = PacketFiles.read(annotation.value(), testClass, what);
        if (list) {
            if (annotation.frame() >= 0) {
                throw new ExtensionConfigurationException(what + " asks for frame " + annotation.frame()
                        + " but is a List<byte[]>, which gets every frame; drop frame = ... or make it a byte[]");
            }
            return frames;
        }
        if (annotation.frame() < 0) {
            if (frames.size() != 1) {
                throw new ExtensionConfigurationException(what + " is a byte[], but the file holds " + frames.size()
                        + " frames; choose one with frame = 0.." + (frames.size() - 1) + ", or inject a List<byte[]>");
            }
            return frames.get(0);
        }
        if (annotation.frame() >= frames.size()) {
            throw new ExtensionConfigurationException(what + " asks for frame " + annotation.frame() + ", but the file holds "
                    + frames.size() + (frames.size() == 1 ? " frame" : " frames") + " (counting from 0)");
        }
        return frames.get(annotation.frame());
    }

    private static Object fixtures(FixtureFile annotation, Type type, String where, Class<?> testClass) {
        String what = "@FixtureFile [" + annotation.value() + "] on " + where;
        boolean list = isListOf(type, BpfFixture.class);
        if (type != BpfFixture.class && !list) {
            throw new ExtensionConfigurationException(what + " must be of type BpfFixture or List<BpfFixture>, but is [" + Names.of(type) + "]");
        }
        List<BpfFixture> fixtures = FileLocator.fixtures(what, testClass, annotation.value());
        return one(what, list, fixtures, annotation.name(), BpfFixture::name, "BpfFixture", "fixture");
    }

    private static Object contexts(ContextFile annotation, Type type, String where, Class<?> testClass) {
        String what = "@ContextFile [" + annotation.value() + "] on " + where;
        boolean list = isListOf(type, BpfContext.class);
        if (type != BpfContext.class && !list) {
            throw new ExtensionConfigurationException(what + " must be of type BpfContext or List<BpfContext>, but is [" + Names.of(type) + "]");
        }
        List<BpfContext> contexts = FileLocator.contexts(what, testClass, annotation.value());
        return one(what, list, contexts, annotation.name(), BpfContext::name, "BpfContext", "context");
    }

    private static <T> Object one(String what, boolean list, List<T> all, String name, Function<T, String> nameOf, String typeName, String kind) {
        List<T> chosen = all;
        if (!name.isEmpty()) {
            chosen = all.stream().filter(x -> nameOf.apply(x).equals(name)).toList();
            if (chosen.isEmpty()) {
                throw new ExtensionConfigurationException(what + " names " + kind + " [" + name + "], but the file has "
                        + Names.list(all.stream().map(nameOf).toList()));
            }
        }
        if (list) {
            return List.copyOf(chosen);
        }
        if (chosen.size() != 1) {
            throw new ExtensionConfigurationException(what + " is a " + typeName + ", but there are " + chosen.size() + " " + kind + "s "
                    + Names.list(chosen.stream().map(nameOf).toList()) + "; choose one with name = \"...\", or inject a List<" + typeName + ">");
        }
        return chosen.get(0);
    }

    private static boolean isListOf(Type type, Class<?> element) {
        return type instanceof ParameterizedType p && p.getRawType() == List.class && p.getActualTypeArguments()[0] == element;
    }
}
