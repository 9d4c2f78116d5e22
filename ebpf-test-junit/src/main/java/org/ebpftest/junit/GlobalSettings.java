package org.ebpftest.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.junit.Injections.Visible;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The {@link SetGlobal} settings a loaded object starts with: those of the classes from the
 * outermost enclosing one down to the test's, then the test method's, each applied to a
 * {@link LoadedObject.Loader} in that order, so a method's setting comes last.
 */
final class GlobalSettings {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    /** One annotation, the context of the class or method that carries it, and how messages name it. */
    private record Setting(SetGlobal annotation, ExtensionContext origin, String where) {
        String describe() {
            String target = annotation.name().isEmpty() ? annotation.section() + "+" + annotation.offset() : annotation.name();
            return "@SetGlobal [" + target + "] on [" + where + "]";
        }
    }

    private GlobalSettings() {
    }

    /**
     * Applies the settings that target an object to its loader, for a load owned by {@code owner}
     * (a class context for a shared object, a test method's for the others).
     *
     * @throws ExtensionConfigurationException naming the annotation when a setting is malformed
     *     or the object refuses it
     */
    static void apply(DeclaredObject object, ExtensionContext owner, LoadedObject.Loader loader) {
        Visible visible = ObjectRegistry.visible(owner);
        for (Setting s : settings(owner)) {
            if (target(s, visible) == object) {
                set(s, loader);
            }
        }
    }

    /**
     * Checks, before a test, every setting it sees, also those of objects it never loads, and
     * refuses a setting a shared object cannot take because it was loaded before the test.
     */
    static void check(ExtensionContext testContext) {
        Visible visible = ObjectRegistry.visible(testContext);
        for (Setting s : settings(testContext)) {
            DeclaredObject object = target(s, visible);
            if (object.declaration().lifecycle() == Lifecycle.PER_CLASS && !appliesAtLoad(s, object, testContext)) {
                throw new ExtensionConfigurationException(s.describe() + " cannot change [" + object.name() + "], which is loaded once for ["
                        + Names.of(object.declaration().declaringClass()) + "] (lifecycle = PER_CLASS) before this test; "
                        + "put it on [" + Names.of(object.declaration().declaringClass()) + "], or load the object for each test");
            }
            set(s, LoadedObject.loader(object.spec()));
        }
    }

    /** True when the setting is on the context that loads a shared object, or on one around it. */
    private static boolean appliesAtLoad(Setting s, DeclaredObject object, ExtensionContext testContext) {
        Optional<ExtensionContext> owner = ObjectRegistry.sharedOwner(object, testContext);
        for (Optional<ExtensionContext> c = owner; c.isPresent(); c = c.get().getParent()) {
            if (c.get() == s.origin()) {
                return true;
            }
        }
        return false;
    }

    /** The settings a context sees: each enclosing class's from the outside in, then the method's. */
    private static List<Setting> settings(ExtensionContext context) {
        List<ExtensionContext> chain = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getElement().isPresent()) {
                chain.add(0, c.get());
            }
        }
        List<Setting> out = new ArrayList<>();
        AnnotatedElement previous = null;
        for (ExtensionContext c : chain) {
            AnnotatedElement element = c.getElement().orElseThrow();
            if (element.equals(previous)) {
                continue; // a parameterized or repeated test's invocation repeats its method's context
            }
            previous = element;
            String where;
            if (element instanceof Class<?> type) {
                where = Names.of(type);
            } else if (element instanceof Method method) {
                where = Names.of(method) + "] in [" + Names.of(c.getRequiredTestClass());
            } else {
                continue;
            }
            for (SetGlobal annotation : AnnotationSupport.findRepeatableAnnotations(element, SetGlobal.class)) {
                out.add(new Setting(annotation, c, where));
            }
        }
        return out;
    }

    private static DeclaredObject target(Setting s, Visible visible) {
        String wanted = s.annotation().object().strip();
        List<DeclaredObject> objects = visible.objects();
        if (objects.isEmpty()) {
            throw error(s, "needs an object, but [" + Names.of(visible.testClass()) + "] declares none; add @BpfObject(\"...\") to the class");
        }
        if (wanted.isEmpty()) {
            if (objects.size() == 1) {
                return objects.get(0);
            }
            throw error(s, "does not say which object it sets, and [" + Names.of(visible.testClass()) + "] loads " + Names.list(visible.names())
                    + "; name one with object = \"" + objects.get(0).name() + "\"");
        }
        return objects.stream().filter(o -> o.name().equals(wanted)).findFirst().orElseThrow(() ->
                error(s, "names object [" + wanted + "], but [" + Names.of(visible.testClass()) + "] loads " + Names.list(visible.names())));
    }

    private static void set(Setting s, LoadedObject.Loader loader) {
        SetGlobal a = s.annotation();
        boolean byName = !a.name().isBlank();
        boolean bySection = !a.section().isBlank() || a.offset() >= 0;
        if (byName == bySection) {
            throw error(s, byName ? "gives both a name and a section; give the variable by name, or by section and offset"
                    : "needs name = \"...\" (a variable's BTF name), or section = \"...\" with offset = ...");
        }
        boolean hasValue = !a.value().isBlank();
        boolean hasBytes = !a.bytes().isBlank();
        if (hasValue == hasBytes) {
            throw error(s, hasValue ? "gives both value and bytes; give one" : "needs value = \"...\" (a number) or bytes = \"...\" (hex)");
        }
        try {
            if (bySection) {
                if (a.section().isBlank() || a.offset() < 0) {
                    throw error(s, "needs both section = \"...\" and offset = ... (from 0)");
                }
                if (hasValue) {
                    throw error(s, "writes into a section, which takes bytes = \"...\" (hex), not value");
                }
                loader.globalAt(a.section(), a.offset(), hex(s));
            } else if (hasValue) {
                loader.global(a.name(), number(s));
            } else {
                loader.global(a.name(), hex(s));
            }
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(s.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A decimal or 0x-hex number, signed or up to 2^64 - 1, as the 64 bits a variable holds. */
    private static long number(Setting s) {
        String text = s.annotation().value().strip();
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        BigInteger n;
        try {
            n = digits.startsWith("0x") || digits.startsWith("0X") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
        } catch (NumberFormatException e) {
            throw error(s, "has value [" + text + "], which is not a number; write it in decimal or as 0x...");
        }
        n = negative ? n.negate() : n;
        if (n.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0 || n.compareTo(TWO_TO_64) >= 0) {
            throw error(s, "has value [" + text + "], which does not fit in 64 bits");
        }
        return n.longValue();
    }

    private static byte[] hex(Setting s) {
        String text = s.annotation().bytes().replace(" ", "");
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw error(s, "has bytes [" + s.annotation().bytes() + "], which are not hex; write two hex digits a byte, such as \"0800\"");
        }
    }

    private static ExtensionConfigurationException error(Setting s, String message) {
        return new ExtensionConfigurationException(s.describe() + " " + message);
    }
}
