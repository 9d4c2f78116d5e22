package org.ebpftest.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.junit.Injections.Visible;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link BpfObject}: checks a class's objects and annotated fields before its
 * tests run, loads objects when a test first needs them, and injects fields and parameters.
 */
final class BpfObjectExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** A field and what it receives. */
    private record FieldInjection(Field field, Injection injection) {
    }

    private record FieldsKey(String context) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<FieldInjection> fields = fields(context);
        // With one test instance per class, @BeforeAll methods may read fields: give them the shared objects now.
        context.getTestInstance().ifPresent(instance -> fields.stream()
                .filter(f -> f.injection().object().declaration().lifecycle() == Lifecycle.PER_CLASS)
                .forEach(f -> inject(instance, f, context)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        GlobalSettings.check(context);
        reseedSharedObjects(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            ExtensionContext classContext = classContext(context, instance.getClass());
            for (FieldInjection f : fields(classContext)) {
                inject(instance, f, context);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Element.isInjectable(parameter);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Element element = Element.of(parameter);
        Injection injection;
        try {
            injection = Injections.plan(element, ObjectRegistry.visible(context));
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e.getCause());
        }
        LoadedObject loaded = ObjectRegistry.loaded(injection.object(), context)
                .orElseThrow(() -> new ParameterResolutionException(outsideTestMethod(element, injection.object())));
        return injection.valueIn(loaded);
    }

    /** Lets constructors be injected with the test method's own objects. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    private static String outsideTestMethod(Element element, DeclaredObject object) {
        return element.describe() + " wants [" + object.name() + "] outside a test method, but it is loaded for each test method; "
                + "share one across the class with @BpfObject(value = \"" + object.declaration().location() + "\", lifecycle = PER_CLASS)";
    }

    /** The annotated fields of a class context's test class, checked once and kept in its store. */
    @SuppressWarnings("unchecked")
    private static List<FieldInjection> fields(ExtensionContext classContext) {
        return classContext.getStore(ObjectRegistry.NAMESPACE).getOrComputeIfAbsent(new FieldsKey(classContext.getUniqueId()),
                k -> planFields(classContext), List.class);
    }

    private static List<FieldInjection> planFields(ExtensionContext classContext) {
        Class<?> testClass = classContext.getRequiredTestClass();
        Visible visible = ObjectRegistry.visible(classContext);
        List<FieldInjection> fields = new ArrayList<>();
        for (Field field : ReflectionSupport.findFields(testClass, Element::isInjectedField, HierarchyTraversalMode.TOP_DOWN)) {
            Element element = Element.of(field);
            if (Modifier.isStatic(field.getModifiers())) {
                throw new ExtensionConfigurationException(element.describe()
                        + " must not be static; objects are loaded for each test (or each class), so inject them into instance fields");
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException(element.describe() + " must not be final");
            }
            fields.add(new FieldInjection(field, Injections.plan(element, visible)));
        }
        return List.copyOf(fields);
    }

    private static void inject(Object instance, FieldInjection f, ExtensionContext context) {
        Injection injection = f.injection();
        LoadedObject loaded = ObjectRegistry.loaded(injection.object(), context).orElseThrow(
                () -> new ExtensionConfigurationException(outsideTestMethod(Element.of(f.field()), injection.object())));
        try {
            f.field().setAccessible(true);
            f.field().set(instance, injection.valueIn(loaded));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot inject " + Element.of(f.field()).describe() + ": " + e.getMessage(), e);
        }
    }

    /** A {@link RandomSeed} on the method also restarts the random numbers of the objects it shares with other tests. */
    private static void reseedSharedObjects(ExtensionContext context) {
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, RandomSeed.class)).ifPresent(seed -> {
            for (DeclaredObject object : ObjectRegistry.visible(context).objects()) {
                if (object.declaration().lifecycle() == Lifecycle.PER_CLASS) {
                    ObjectRegistry.loaded(object, context).ifPresent(o -> o.environment().seedRandom(seed.value()));
                }
            }
        });
    }

    /** The context of the class an instance belongs to: the test's own, or an enclosing one for a nested test. */
    private static ExtensionContext classContext(ExtensionContext context, Class<?> type) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().filter(e -> e == type).isPresent()) {
                return c;
            }
        }
        throw new IllegalStateException("no context for test class " + type.getName() + " above " + context.getUniqueId());
    }
}
