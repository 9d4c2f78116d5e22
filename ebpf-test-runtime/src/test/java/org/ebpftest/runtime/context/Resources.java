package org.ebpftest.runtime.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;

/** The test objects under {@code src/test/resources/elf} and the context files under {@code contexts}. */
final class Resources {
    private Resources() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Resources.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A freshly loaded test object. */
    static LoadedObject object(String name) {
        return LoadedObject.load(ObjectSpec.parse(name, bytes("elf/" + name)));
    }

    /** The contexts of a file under {@code contexts/}. */
    static List<BpfContext> contexts(String file) {
        return Contexts.parse("contexts/" + file, bytes("contexts/" + file));
    }

    /** The one context of a file, or the one of that name. */
    static BpfContext context(String file, String name) {
        return contexts(file).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no context [" + name + "] in " + file));
    }
}
