package org.ebpftest.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.ebpftest.runtime.skeleton.Skeleton;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** A field or parameter something is injected into, with what messages call it. */
final class Element {
    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(ObjectProgram.class, ObjectMap.class, Loaded.class);
    private static final Set<Class<?>> INJECTED_BY_TYPE = Set.of(LoadedObject.class, LinuxEnvironment.class, VirtualClock.class, ObjectSpec.class,
            BpfProgram.class, BpfMap.class, TypedMap.class);

    private final AnnotatedElement annotated;
    private final Class<?> type;
    private final Type genericType;
    private final String where;

    private Element(AnnotatedElement annotated, Class<?> type, Type genericType, String where) {
        this.annotated = annotated;
        this.type = type;
        this.genericType = genericType;
        this.where = where;
    }

    static Element of(Field field) {
        return new Element(field, field.getType(), field.getGenericType(),
                "field [" + field.getName() + "] in [" + Names.of(field.getDeclaringClass()) + "]");
    }

    static Element of(ParameterContext parameter) {
        var executable = parameter.getDeclaringExecutable();
        return new Element(parameter.getParameter(), parameter.getParameter().getType(), parameter.getParameter().getParameterizedType(),
                "parameter [" + parameter.getIndex() + "] of [" + Names.of(executable) + "] in [" + Names.of(executable.getDeclaringClass()) + "]");
    }

    /** True for fields the extension injects into: those with one of its annotations. */
    static boolean isAnnotated(AnnotatedElement element) {
        return ANNOTATIONS.stream().anyMatch(a -> AnnotationSupport.isAnnotated(element, a));
    }

    /** True for parameters the extension resolves: annotated, or of a type only it provides. */
    static boolean isInjectable(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        return isAnnotated(parameter.getParameter()) || INJECTED_BY_TYPE.contains(type) || BpfMap.class.isAssignableFrom(type)
                || Skeleton.class.isAssignableFrom(type);
    }

    /** True for fields the extension injects into: annotated ones, and those of a generated skeleton's type. */
    static boolean isInjectedField(Field field) {
        return isAnnotated(field) || Skeleton.class.isAssignableFrom(field.getType());
    }

    <A extends Annotation> Optional<A> find(Class<A> annotation) {
        return AnnotationSupport.findAnnotation(annotated, annotation);
    }

    /** The extension's annotations on the element, as messages name them: {@code @ObjectProgram}. */
    List<String> annotationNames() {
        return ANNOTATIONS.stream().filter(a -> AnnotationSupport.isAnnotated(annotated, a)).map(a -> "@" + a.getSimpleName()).toList();
    }

    Class<?> type() {
        return type;
    }

    Type genericType() {
        return genericType;
    }

    /**
     * How messages name the element: {@code @ObjectMap field [drops] in [FirewallTest]}, or
     * {@code parameter [0] of [counts(BpfMap)] in [FirewallTest]} without an annotation.
     */
    String describe() {
        List<String> annotations = annotationNames();
        return annotations.isEmpty() ? where : annotations.get(0) + " " + where;
    }

    /** The element without its annotation: {@code field [drops] in [FirewallTest]}. */
    String where() {
        return where;
    }
}
