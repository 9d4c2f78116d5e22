package org.ebpftest.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Gives tests their {@link Golden}: one per test method, or per invocation of a parameterized or
 * repeated test, kept in that context's store so that its parameters and fields share it. Instance
 * fields of type {@code Golden} are set before each test, unless final; parameters of that type are
 * resolved in test methods, lifecycle methods around them and constructors.
 */
final class GoldenExtension implements BeforeEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(GoldenExtension.class);
    /** Longest file name an invocation gets from its display name. */
    private static final int MAX_INVOCATION_NAME = 80;
    /** A default {@code toString()}, such as {@code Frame@1b2c3d4}, differs from run to run. */
    private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-f]{4,8}\\b");
    private static final Pattern INVOCATION_INDEX = Pattern.compile("#(\\d+)]$");

    private record GoldenKey(String context) {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Golden.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(Element.of(parameter).where() + " wants a Golden outside a test method, but golden files "
                    + "belong to one test; inject it into the test method, a @BeforeEach method or an instance field");
        }
        try {
            return golden(context);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** Lets constructors have the test method's Golden, as the objects of {@link BpfObjectExtension}. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            // A final field holds a Golden the test assigned itself, such as one its constructor was given.
            List<Field> fields = ReflectionSupport.findFields(instance.getClass(),
                    f -> f.getType() == Golden.class && !Modifier.isFinal(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN);
            for (Field field : fields) {
                String where = Element.of(field).where();
                if (Modifier.isStatic(field.getModifiers())) {
                    throw new ExtensionConfigurationException("Golden " + where + " must not be static; golden files belong to one test, "
                            + "so use an instance field");
                }
                try {
                    field.setAccessible(true);
                    field.set(instance, golden(context));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new ExtensionConfigurationException("cannot inject Golden " + where + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static Golden golden(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(new GoldenKey(context.getUniqueId()), k -> create(context), Golden.class);
    }

    private static Golden create(ExtensionContext context) {
        Path directory = Path.of(context.getConfigurationParameter(Golden.DIRECTORY_PARAMETER).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(Golden.DEFAULT_DIRECTORY));
        return new Golden(base(context, directory), update(context), entry -> context.publishReportEntry("golden", entry));
    }

    private static boolean update(ExtensionContext context) {
        Optional<String> value = context.getConfigurationParameter(Golden.UPDATE_PARAMETER).map(s -> s.trim().toLowerCase(Locale.ROOT));
        if (value.isEmpty() || value.get().equals("false")) {
            return false;
        }
        if (value.get().equals("true")) {
            return true;
        }
        throw new ExtensionConfigurationException("configuration parameter [" + Golden.UPDATE_PARAMETER + "] must be true or false, but is ["
                + context.getConfigurationParameter(Golden.UPDATE_PARAMETER).orElseThrow() + "]");
    }

    /**
     * The test's file name without its extension: {@code <dir>/<class>/<method>}, or for an
     * invocation of a parameterized or repeated test {@code <dir>/<class>/<method>/<invocation>}.
     */
    static Path base(ExtensionContext context, Path directory) {
        Method method = context.getRequiredTestMethod();
        Path classDirectory = directory.resolve(context.getRequiredTestClass().getName().replace('$', '.'));
        boolean invocation = context.getParent().flatMap(ExtensionContext::getElement).filter(method::equals).isPresent();
        return invocation ? classDirectory.resolve(method.getName()).resolve(invocationName(context)) : classDirectory.resolve(method.getName());
    }

    /**
     * An invocation's display name made fit for a file name ({@code [2] short frame passes} becomes
     * {@code 2-short-frame-passes}); its index when the display name holds a default
     * {@code toString()}, which would change from run to run.
     */
    static String invocationName(ExtensionContext context) {
        String display = context.getDisplayName();
        String name = display.replaceAll("[^A-Za-z0-9._-]+", "-");
        if (name.length() > MAX_INVOCATION_NAME) {
            name = name.substring(0, MAX_INVOCATION_NAME);
        }
        name = name.replaceAll("^[-.]+|[-.]+$", "");
        if (name.isEmpty() || IDENTITY_HASH.matcher(display).find()) {
            Matcher index = INVOCATION_INDEX.matcher(context.getUniqueId());
            return "invocation-" + (index.find() ? index.group(1) : "1");
        }
        return name;
    }
}
