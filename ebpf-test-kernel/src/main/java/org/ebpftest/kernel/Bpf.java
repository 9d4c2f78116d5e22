package org.ebpftest.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * The bpf(2) commands the backend uses, one method each, with {@code union bpf_attr} laid out as
 * {@code include/uapi/linux/bpf.h} lays it out for each command. Every field not written is zero,
 * which the kernel requires of fields it does not know; failures become {@link KernelException}s
 * naming the command and what it was applied to.
 */
final class Bpf {
    static final int MAP_CREATE = 0;
    static final int MAP_LOOKUP_ELEM = 1;
    static final int MAP_UPDATE_ELEM = 2;
    static final int MAP_DELETE_ELEM = 3;
    static final int MAP_GET_NEXT_KEY = 4;
    static final int PROG_LOAD = 5;
    static final int PROG_TEST_RUN = 10;
    static final int BTF_LOAD = 18;
    static final int MAP_FREEZE = 22;

    /** {@code sizeof(union bpf_attr)} as far as the fields written here reach (prog load's {@code fd_array_cnt}). */
    private static final int ATTR_SIZE = 152;

    /** The ENOENT errno that lookups and get_next_key answer with when there is nothing. */
    static final int ENOENT = 2;

    private Bpf() {
    }

    /** What BPF_MAP_CREATE takes; {@code btfFd} 0 creates the map without BTF. */
    record MapAttr(int type, int keySize, int valueSize, int maxEntries, int flags, int innerMapFd, int numaNode, String name,
            int btfFd, int btfKeyTypeId, int btfValueTypeId, long mapExtra) {
    }

    static int mapCreate(MapAttr a) {
        Memory attr = attr();
        attr.setInt(0, a.type());
        attr.setInt(4, a.keySize());
        attr.setInt(8, a.valueSize());
        attr.setInt(12, a.maxEntries());
        attr.setInt(16, a.flags());
        attr.setInt(20, a.innerMapFd());
        attr.setInt(24, a.numaNode());
        putName(attr, 28, a.name());
        attr.setInt(48, a.btfFd());
        attr.setInt(52, a.btfKeyTypeId());
        attr.setInt(56, a.btfValueTypeId());
        attr.setLong(64, a.mapExtra());
        return (int) call(MAP_CREATE, attr, "BPF_MAP_CREATE of map [" + a.name() + "]");
    }

    /**
     * BPF_MAP_LOOKUP_ELEM into {@code value} (sized for every CPU of a per-CPU map).
     *
     * @return false when the key is absent (ENOENT)
     */
    static boolean mapLookup(int fd, String map, byte[] key, byte[] value) {
        Memory k = copy(key);
        Memory v = new Memory(Math.max(1, value.length));
        Memory attr = elemAttr(fd, k, v, 0);
        if (!callOr(MAP_LOOKUP_ELEM, attr, "BPF_MAP_LOOKUP_ELEM in map [" + map + "]", ENOENT)) {
            return false;
        }
        v.read(0, value, 0, value.length);
        return true;
    }

    static void mapUpdate(int fd, String map, byte[] key, byte[] value, long flags) {
        call(MAP_UPDATE_ELEM, elemAttr(fd, copy(key), copy(value), flags), "BPF_MAP_UPDATE_ELEM in map [" + map + "]");
    }

    /** BPF_MAP_DELETE_ELEM; false when the key was absent (ENOENT). */
    static boolean mapDelete(int fd, String map, byte[] key) {
        return callOr(MAP_DELETE_ELEM, elemAttr(fd, copy(key), null, 0), "BPF_MAP_DELETE_ELEM in map [" + map + "]", ENOENT);
    }

    /**
     * BPF_MAP_GET_NEXT_KEY: the key after {@code key}, or the first key when {@code key} is null.
     *
     * @return false when there is none (ENOENT)
     */
    static boolean mapNextKey(int fd, String map, byte[] key, byte[] next) {
        Memory n = new Memory(Math.max(1, next.length));
        Memory attr = elemAttr(fd, key == null ? null : copy(key), n, 0);
        if (!callOr(MAP_GET_NEXT_KEY, attr, "BPF_MAP_GET_NEXT_KEY in map [" + map + "]", ENOENT)) {
            return false;
        }
        n.read(0, next, 0, next.length);
        return true;
    }

    static void mapFreeze(int fd, String map) {
        Memory attr = attr();
        attr.setInt(0, fd);
        call(MAP_FREEZE, attr, "BPF_MAP_FREEZE of map [" + map + "]");
    }

    /** A loaded BTF blob's descriptor, or a refusal carrying the kernel's BTF log. */
    static int btfLoad(byte[] btf) {
        Memory data = copy(btf);
        Memory log = new Memory(1 << 16);
        log.setByte(0, (byte) 0);
        Memory attr = attr();
        attr.setLong(0, Pointer.nativeValue(data));
        attr.setLong(8, Pointer.nativeValue(log));
        attr.setInt(16, btf.length);
        attr.setInt(20, (int) log.size());
        attr.setInt(24, 1);
        try {
            return (int) Syscalls.bpf(BTF_LOAD, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            throw new KernelException("BPF_BTF_LOAD of " + btf.length + " bytes: " + e.getMessage() + "\n" + log.getString(0, "UTF-8").strip(),
                    e.getErrorCode(), e);
        }
    }

    /** What BPF_PROG_LOAD takes, with the instructions already encoded and map descriptors patched in. */
    record ProgAttr(int type, byte[] instructions, String license, int kernelVersion, int flags, String name, int expectedAttachType,
            int btfFd, byte[] funcInfo) {
    }

    /** The size of one {@code struct bpf_func_info}: the instruction offset and the FUNC's type id. */
    static final int FUNC_INFO_SIZE = 8;

    /** The outcome of BPF_PROG_LOAD: the descriptor (-1 when refused), the errno, and the verifier's log. */
    record ProgLoad(int fd, int errno, String error, String log) {
    }

    /**
     * Loads a program with a verifier log of level 1 (the instructions the verifier walked and the
     * state where it stopped), growing the log buffer until the log fits.
     */
    static ProgLoad progLoad(ProgAttr a, int logSize) {
        Memory insns = copy(a.instructions());
        Memory license = copy((a.license() + "\0").getBytes(StandardCharsets.UTF_8));
        Memory log = logSize == 0 ? null : new Memory(logSize);
        if (log != null) {
            log.setByte(0, (byte) 0);
        }
        Memory attr = attr();
        attr.setInt(0, a.type());
        attr.setInt(4, a.instructions().length / 8);
        attr.setLong(8, Pointer.nativeValue(insns));
        attr.setLong(16, Pointer.nativeValue(license));
        attr.setInt(24, log == null ? 0 : 1);
        attr.setInt(28, logSize);
        attr.setLong(32, Pointer.nativeValue(log));
        attr.setInt(40, a.kernelVersion());
        attr.setInt(44, a.flags());
        putName(attr, 48, a.name());
        attr.setInt(68, a.expectedAttachType());
        Memory funcInfo = a.funcInfo().length == 0 ? null : copy(a.funcInfo());
        if (a.btfFd() > 0) {
            attr.setInt(72, a.btfFd());
            if (funcInfo != null) {
                attr.setInt(76, FUNC_INFO_SIZE);
                attr.setLong(80, Pointer.nativeValue(funcInfo));
                attr.setInt(88, a.funcInfo().length / FUNC_INFO_SIZE);
            }
        }
        try {
            int fd = (int) Syscalls.bpf(PROG_LOAD, attr, ATTR_SIZE);
            return new ProgLoad(fd, 0, "", log == null ? "" : log.getString(0, "UTF-8"));
        } catch (LastErrorException e) {
            return new ProgLoad(-1, e.getErrorCode(), e.getMessage(), log == null ? "" : log.getString(0, "UTF-8"));
        }
    }

    /** What BPF_PROG_TEST_RUN takes; a null ctxIn passes no context, a zero ctxSizeOut asks for none back. */
    record TestRunAttr(byte[] dataIn, int dataSizeOut, byte[] ctxIn, int ctxSizeOut, int repeat, int flags, int cpu) {
    }

    /** What BPF_PROG_TEST_RUN wrote back. */
    record TestRunOut(int retval, byte[] dataOut, byte[] ctxOut, int durationNanos) {
    }

    static TestRunOut testRun(int progFd, String program, TestRunAttr a) {
        Memory dataIn = a.dataIn().length == 0 ? null : copy(a.dataIn());
        Memory dataOut = a.dataSizeOut() == 0 ? null : new Memory(a.dataSizeOut());
        Memory ctxIn = a.ctxIn() == null ? null : copy(a.ctxIn());
        Memory ctxOut = a.ctxSizeOut() == 0 ? null : new Memory(a.ctxSizeOut());
        Memory attr = attr();
        attr.setInt(0, progFd);
        attr.setInt(8, a.dataIn().length);
        attr.setInt(12, a.dataSizeOut());
        attr.setLong(16, Pointer.nativeValue(dataIn));
        attr.setLong(24, Pointer.nativeValue(dataOut));
        attr.setInt(32, a.repeat());
        attr.setInt(40, a.ctxIn() == null ? 0 : a.ctxIn().length);
        attr.setInt(44, a.ctxSizeOut());
        attr.setLong(48, Pointer.nativeValue(ctxIn));
        attr.setLong(56, Pointer.nativeValue(ctxOut));
        attr.setInt(64, a.flags());
        attr.setInt(68, a.cpu());
        call(PROG_TEST_RUN, attr, "BPF_PROG_TEST_RUN of program [" + program + "]");
        byte[] out = new byte[dataOut == null ? 0 : Math.min(attr.getInt(12), a.dataSizeOut())];
        if (out.length > 0) {
            dataOut.read(0, out, 0, out.length);
        }
        byte[] ctx = null;
        if (ctxOut != null) {
            ctx = new byte[Math.min(attr.getInt(44), a.ctxSizeOut())];
            ctxOut.read(0, ctx, 0, ctx.length);
        }
        return new TestRunOut(attr.getInt(4), out, ctx, attr.getInt(36));
    }

    private static Memory attr() {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        return attr;
    }

    private static Memory elemAttr(int fd, Memory key, Memory value, long flags) {
        Memory attr = attr();
        attr.setInt(0, fd);
        attr.setLong(8, Pointer.nativeValue(key));
        attr.setLong(16, Pointer.nativeValue(value));
        attr.setLong(24, flags);
        return attr;
    }

    /** The kernel takes names of up to 15 characters of {@code [A-Za-z0-9_.]}, NUL-terminated. */
    private static void putName(Memory attr, int offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        attr.write(offset, b, 0, Math.min(15, b.length));
    }

    private static Memory copy(byte[] bytes) {
        Memory m = new Memory(Math.max(1, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    private static long call(int cmd, Memory attr, String what) {
        try {
            return Syscalls.bpf(cmd, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            throw new KernelException(what + ": " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Calls a command; false when it fails with {@code quietErrno}, which the caller treats as an answer. */
    private static boolean callOr(int cmd, Memory attr, String what, int quietErrno) {
        try {
            Syscalls.bpf(cmd, attr, ATTR_SIZE);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == quietErrno) {
                return false;
            }
            throw new KernelException(what + ": " + e.getMessage(), e.getErrorCode(), e);
        }
    }
}
