package org.ebpftest.runtime.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * The BTF of the kernel the emulator stands for (Linux 6.18, x86-64): the {@code vmlinux} BTF that
 * libbpf resolves CO-RE relocations against on such a machine, shipped as a resource
 * ({@code vmlinux.btf.gz}, written by {@code src/main/btf/build.sh} from
 * {@code /sys/kernel/btf/vmlinux}). It is read on first use, which only an object with CO-RE
 * relocations makes, and kept for the life of the class loader.
 */
public final class KernelBtf {
    private static final String RESOURCE = "vmlinux.btf.gz";
    private static final String FACTS = "vmlinux.btf.properties";

    private KernelBtf() {
    }

    /** Reads the resource once, on first use. */
    private static final class Holder {
        static final Btf VMLINUX = read();
    }

    /**
     * The kernel's BTF, parsed on the first call (about 126,000 types).
     *
     * @throws UncheckedIOException if the resource is missing or unreadable (a broken build)
     */
    public static Btf vmlinux() {
        return Holder.VMLINUX;
    }

    /** The release of the kernel the BTF was taken from, as {@code uname -r} printed it. */
    public static String release() {
        Properties p = new Properties();
        try (InputStream in = KernelBtf.class.getResourceAsStream(FACTS)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + FACTS + " is missing from the runtime"));
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FACTS, e);
        }
        return p.getProperty("release");
    }

    private static Btf read() {
        try (InputStream raw = KernelBtf.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IOException("resource " + RESOURCE + " is missing from the runtime");
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                // decoded in place: the bytes are this class's own, so no defensive copy
                return BtfWire.decode(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel BTF " + RESOURCE, e);
        }
    }
}
