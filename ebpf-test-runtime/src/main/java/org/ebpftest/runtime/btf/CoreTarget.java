package org.ebpftest.runtime.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * The BTF that CO-RE relocations resolve against, as libbpf's {@code btf_custom_path} chooses it:
 * by default the emulated kernel's ({@link KernelBtf}), or another kernel's BTF, or, as a fallback,
 * the object's own BTF. The choice is read only when an object has CO-RE relocations.
 *
 * <p>With another kernel's BTF, programs get that kernel's offsets while the emulator still lays
 * out its structs as Linux 6.18 does, as libbpf would load a program built for another kernel.
 * With the object's own BTF, every relocation gives back what the compiler wrote, except those of
 * the kernel structs the emulator lays out ({@link KernelStructs}), which keep the kernel's layout;
 * {@code bpf_core_type_exists} of a type only the program declares then says 1 where Linux says 0.
 */
public final class CoreTarget {
    /**
     * The system property that chooses the default target: {@code kernel} (or unset) for the
     * emulated kernel's BTF, {@code object} for the object's own, anything else a BTF file.
     */
    public static final String PROPERTY = "ebpftest.btf";

    private static final CoreTarget EMULATED_KERNEL = new CoreTarget("the emulated kernel's BTF (Linux 6.18)", KernelBtf::vmlinux);
    private static final CoreTarget OBJECT_BTF = new CoreTarget("the object's own BTF", null);

    private final String description;
    /** Gives the target's BTF; null for the object's own. */
    private final Supplier<Btf> btf;

    private CoreTarget(String description, Supplier<Btf> btf) {
        this.description = description;
        this.btf = btf;
    }

    /** The emulated kernel's BTF, Linux 6.18's {@code vmlinux}, as libbpf finds it on such a machine. */
    public static CoreTarget emulatedKernel() {
        return EMULATED_KERNEL;
    }

    /** The object's own BTF, with the emulated kernel's structs ({@link KernelStructs}) kept. */
    public static CoreTarget objectBtf() {
        return OBJECT_BTF;
    }

    /** A BTF already parsed, such as another kernel's. */
    public static CoreTarget of(Btf btf) {
        Objects.requireNonNull(btf, "btf");
        return new CoreTarget("the given BTF", () -> btf);
    }

    /**
     * A raw BTF file, as libbpf's {@code btf_custom_path} names one ({@code /sys/kernel/btf/vmlinux}
     * of another machine, or a detached BTF from {@code pahole}); a name ending in {@code .gz} is
     * gzip-compressed. The file is read when the first object with CO-RE relocations needs it.
     *
     * @throws UncheckedIOException at that point if it cannot be read
     */
    public static CoreTarget file(Path path) {
        Objects.requireNonNull(path, "path");
        return new CoreTarget("the BTF file " + path, new Supplier<>() {
            private Btf read;

            @Override
            public synchronized Btf get() {
                if (read == null) {
                    read = readFile(path);
                }
                return read;
            }
        });
    }

    /** The target the {@value #PROPERTY} system property chooses; the emulated kernel's when unset. */
    public static CoreTarget fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "").trim();
        return switch (value) {
            case "", "kernel" -> EMULATED_KERNEL;
            case "object" -> OBJECT_BTF;
            default -> file(Path.of(value));
        };
    }

    /** The BTF relocations of an object with this local BTF resolve against. */
    Btf btfFor(Btf local) {
        return btf == null ? local : btf.get();
    }

    private static Btf readFile(Path path) {
        try (InputStream file = Files.newInputStream(path);
                InputStream in = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(file) : file) {
            return Btf.parse(in.readAllBytes());
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException("target BTF " + path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the target BTF " + path, e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
