package org.ebpftest.runtime.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ebpftest.runtime.json.LocatedJson;

/**
 * Reads mimic context files: one context object ({@code {"name": ..., "type": ..., "ctx": ...}})
 * or an array of them, of the types {@code generic}, {@code xdp_md}, {@code sk_buff} and
 * {@code captured}, as mimic and edb write them.
 *
 * <pre>{@code
 * List<BpfContext> contexts = Contexts.read(Path.of("captured.json"));
 * RunResult r = contexts.get(0).runOn(LoadedObject.load(Path.of("probe.o")), "kprobe_sleep");
 * }</pre>
 */
public final class Contexts {
    private Contexts() {
    }

    /**
     * The contexts of one JSON document.
     *
     * @param source the file name that names the contexts' source and error messages give
     * @throws ContextFormatException naming the path, line and column of the first mistake
     */
    public static List<BpfContext> parse(String source, String json) {
        return ContextReader.read(LocatedJson.parse(Objects.requireNonNull(source, "source"), Objects.requireNonNull(json, "json"),
                "a context object or an array of them", ContextFormatException::new));
    }

    /** The contexts of a UTF-8 JSON document. */
    public static List<BpfContext> parse(String source, byte[] json) {
        return parse(source, new String(json, StandardCharsets.UTF_8));
    }

    /**
     * The contexts of a file; messages name it as given.
     *
     * @throws UncheckedIOException if it cannot be read
     */
    public static List<BpfContext> read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read context file " + file + ": " + e.getMessage(), e);
        }
    }
}
