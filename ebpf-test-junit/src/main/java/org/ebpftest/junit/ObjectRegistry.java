package org.ebpftest.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.junit.Injections.Visible;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Where the extension keeps its state, all of it in {@link ExtensionContext.Store}s under one
 * namespace: parsed objects in the root store (parsing is deterministic, so one parse serves every
 * class), each class's declarations in its class context, and loaded objects in the context that
 * owns them, a test method's or a class's. Keys carry the owning context's unique id, because a
 * store lookup also sees its parents' values.
 */
final class ObjectRegistry {
    static final Namespace NAMESPACE = Namespace.create(BpfObjectExtension.class);

    private record SpecKey(String location) {
    }

    private record DeclarationsKey(String context) {
    }

    private record ScopeKey(String context) {
    }

    private ObjectRegistry() {
    }

    /**
     * The objects a context sees: those of its class and of the classes enclosing it, outermost
     * first, parsed and checked.
     *
     * @throws ExtensionConfigurationException when an object is missing, unreadable or declared twice
     */
    static Visible visible(ExtensionContext context) {
        List<DeclaredObject> objects = new ArrayList<>();
        for (ExtensionContext classContext : classContexts(context)) {
            objects.addAll(declared(classContext, List.copyOf(objects)));
        }
        return new Visible(testClass(context), List.copyOf(objects));
    }

    /**
     * The loaded instance of an object that a context uses: the class's shared one for a
     * {@link Lifecycle#PER_CLASS} object, otherwise the test method's own; empty when a per-method
     * object is wanted outside a test method.
     */
    static Optional<LoadedObject> loaded(DeclaredObject object, ExtensionContext context) {
        Optional<ExtensionContext> owner = object.declaration().lifecycle() == Lifecycle.PER_CLASS
                ? sharedOwner(object, context)
                : Optional.of(context).filter(c -> c.getElement().filter(e -> e instanceof Method).isPresent());
        return owner.map(o -> scope(o).get(object.declaration(), () -> load(object, o)));
    }

    /** The class context that loads a {@link Lifecycle#PER_CLASS} object: that of the class declaring it. */
    static Optional<ExtensionContext> sharedOwner(DeclaredObject object, ExtensionContext context) {
        return classContexts(context).stream().filter(c -> declaredSoFar(c).contains(object)).findFirst();
    }

    private static ObjectScope scope(ExtensionContext owner) {
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(new ScopeKey(owner.getUniqueId()), k -> new ObjectScope(), ObjectScope.class);
    }

    private static LoadedObject load(DeclaredObject object, ExtensionContext owner) {
        LinuxEnvironment environment = new LinuxEnvironment();
        seed(owner).ifPresent(environment::seedRandom);
        LoadedObject.Loader loader = LoadedObject.loader(object.spec()).environment(environment);
        object.declaration().memoryBudget().ifPresent(loader::memoryBudget);
        if (!object.declaration().verify()) {
            loader.verify(false);
        }
        GlobalSettings.apply(object, owner, loader);
        LoadedObject loaded;
        try {
            loaded = loader.load();
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(object.declaration().describe() + " cannot be loaded: " + e.getMessage(), e);
        }
        Backends.attach(loaded, owner);
        return loaded;
    }

    /** The {@link RandomSeed} that applies in a context: the method's, else the nearest class's. */
    static Optional<Long> seed(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            Optional<RandomSeed> seed = element.flatMap(e -> AnnotationSupport.findAnnotation(e, RandomSeed.class));
            if (seed.isPresent()) {
                return Optional.of(seed.get().value());
            }
        }
        return Optional.empty();
    }

    /** The class contexts from the outermost enclosing class to the context's own class. */
    private static Deque<ExtensionContext> classContexts(ExtensionContext context) {
        Deque<ExtensionContext> chain = new ArrayDeque<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getElement().filter(e -> e instanceof Class<?>).isPresent()) {
                chain.addFirst(c.get());
            }
        }
        return chain;
    }

    private static Class<?> testClass(ExtensionContext context) {
        return context.getTestClass().orElseThrow(() -> new IllegalStateException("no test class in " + context.getUniqueId()));
    }

    /** The objects a class context declares itself, parsed once and kept in its store. */
    @SuppressWarnings("unchecked")
    private static List<DeclaredObject> declared(ExtensionContext classContext, List<DeclaredObject> outer) {
        Store store = classContext.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(new DeclarationsKey(classContext.getUniqueId()), k -> parse(classContext, outer), List.class);
    }

    /** The objects a class context declares, if {@link #visible} has parsed them; empty otherwise. */
    @SuppressWarnings("unchecked")
    private static List<DeclaredObject> declaredSoFar(ExtensionContext classContext) {
        List<DeclaredObject> objects = classContext.getStore(NAMESPACE).get(new DeclarationsKey(classContext.getUniqueId()), List.class);
        return objects != null ? objects : List.of();
    }

    private static List<DeclaredObject> parse(ExtensionContext classContext, List<DeclaredObject> outer) {
        List<DeclaredObject> seen = new ArrayList<>(outer);
        List<DeclaredObject> own = new ArrayList<>();
        for (Declaration declaration : declarations(classContext.getRequiredTestClass())) {
            for (DeclaredObject other : seen) {
                if (other.name().equals(declaration.name())) {
                    throw new ExtensionConfigurationException(declaration.describe() + " has the name [" + declaration.name() + "] of "
                            + other.declaration().describe() + "; give one of them another with name = \"...\"");
                }
            }
            DeclaredObject object = new DeclaredObject(declaration, spec(classContext, declaration));
            seen.add(object);
            own.add(object);
        }
        return List.copyOf(own);
    }

    /**
     * The declarations on a class and its superclasses, the superclasses' first; each is resolved
     * against the class that carries it.
     */
    private static List<Declaration> declarations(Class<?> testClass) {
        Deque<Class<?>> hierarchy = new ArrayDeque<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.addFirst(c);
        }
        Set<BpfObject> found = new LinkedHashSet<>();
        List<Declaration> declarations = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (BpfObject annotation : AnnotationSupport.findRepeatableAnnotations(c, BpfObject.class)) {
                if (found.add(annotation)) {
                    declarations.add(Declaration.of(annotation, c));
                }
            }
        }
        return declarations;
    }

    private static ObjectSpec spec(ExtensionContext context, Declaration declaration) {
        FileLocator.Found located = declaration.read();
        Store root = context.getRoot().getStore(NAMESPACE);
        try {
            ObjectSpec parsed = root.getOrComputeIfAbsent(new SpecKey(located.key()), k -> located.parseObject(),
                    ObjectSpec.class);
            return declaration.typed(parsed);
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(declaration.describe() + " is not a valid eBPF object: " + e.getMessage(), e);
        }
    }
}
