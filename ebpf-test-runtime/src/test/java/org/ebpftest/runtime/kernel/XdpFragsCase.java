package org.ebpftest.runtime.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;

/**
 * One line of {@code elf/xdp_frags.expected}: which program of {@code xdp_frags.o} runs, the
 * operation and arguments its frame carries, the frame's size, metadata and linear length, and
 * what test_run answered, in a form both the kernel's and the emulator's runs are summarised in.
 */
record XdpFragsCase(String program, int op, int a, int b, int c, int size, int meta, int linear, String expected) {
    static final String OBJECT = "xdp_frags.o";

    static XdpFragsCase parse(String line) {
        String[] sides = line.split(" -> ");
        String[] f = sides[0].trim().split("\\s+");
        return new XdpFragsCase(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), sides[1].trim());
    }

    /** Every recorded case, in file order. */
    static List<XdpFragsCase> all() {
        return new String(resource("xdp_frags.expected"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(XdpFragsCase::parse).toList();
    }

    static byte[] object() {
        return resource(OBJECT);
    }

    private static byte[] resource(String name) {
        try (InputStream in = XdpFragsCase.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** data_in: byte i is i*7+3, with op, a, b and c (little-endian) in the frame's bytes 14..29, as far as it reaches. */
    byte[] dataIn() {
        byte[] d = new byte[size];
        for (int i = 0; i < size; i++) {
            d[i] = (byte) (i * 7 + 3);
        }
        byte[] args = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put((byte) op).put(new byte[3]).putInt(a).putInt(b).putInt(c).array();
        for (int i = 0; i < args.length && meta + 14 + i < size; i++) {
            d[meta + 14 + i] = args[i];
        }
        return d;
    }

    /** ctx_in (data = meta, data_end = meta + linear, or the size), or null when the case gives none. */
    byte[] ctxIn() {
        if (meta == 0 && linear < 0) {
            return null;
        }
        int dataEnd = linear < 0 ? size : meta + linear;
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(meta).putInt(dataEnd).array();
    }

    /** The emulator's answer, summarised as the expectations are. */
    String emulate(LoadedObject object) {
        try {
            RunResult r = object.run(program, XdpInput.fromTestRun(dataIn(), ctxIn()));
            byte[] ctxOut = r.contextOut().orElseThrow();
            String ctx = ctxIn() == null ? "- -" : u32(ctxOut, 0) + " " + u32(ctxOut, 4);
            return summary(r.retval(), r.packet(), ctx);
        } catch (RunRefusedException e) {
            return "refused " + e.errno();
        }
    }

    static LoadedObject load() {
        return LoadedObject.load(ObjectSpec.parse(OBJECT, object()));
    }

    static String summary(int retval, byte[] dataOut, String ctx) {
        return retval + " " + dataOut.length + " " + sha256Prefix(dataOut) + " " + ctx;
    }

    static long u32(byte[] b, int offset) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(offset) & 0xffffffffL;
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return program + " op " + op + " (" + a + ", " + b + ", " + c + ") on " + size + " bytes, meta " + meta + ", linear " + linear;
    }
}
