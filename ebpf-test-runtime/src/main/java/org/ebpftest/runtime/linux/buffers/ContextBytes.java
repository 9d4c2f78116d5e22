package org.ebpftest.runtime.linux.buffers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.uapi.Errno;

/** Reading and writing raw context structs, as test_run's ctx_in and ctx_out hold them. */
public final class ContextBytes {
    // One little-endian word access instead of four byte accesses: every XDP run writes several.
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ContextBytes() {
    }

    /**
     * The 32-bit words of a struct given as {@code ctx_in}: shorter input is zero-padded, longer
     * input must be zero beyond the struct, as {@code bpf_check_uarg_tail_zero} demands.
     */
    static int[] words(byte[] ctx, int size, String struct) {
        byte[] full = padded(ctx, size, struct);
        int[] out = new int[size / 4];
        ByteBuffer b = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt(i * 4);
        }
        return out;
    }

    static byte[] padded(byte[] ctx, int size, String struct) {
        for (int i = size; i < ctx.length; i++) {
            if (ctx[i] != 0) {
                throw new RunRefusedException(Errno.E2BIG, "ctx_in is " + ctx.length + " bytes and not zero beyond the " + size + " bytes of struct " + struct);
            }
        }
        byte[] full = new byte[size];
        System.arraycopy(ctx, 0, full, 0, Math.min(size, ctx.length));
        return full;
    }

    public static int u32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    public static long u64(byte[] b, int off) {
        return (u32(b, off) & 0xffffffffL) | (long) u32(b, off + 4) << 32;
    }

    public static void putU32(byte[] b, int off, long v) {
        I32.set(b, off, (int) v);
    }

    public static void putU64(byte[] b, int off, long v) {
        putU32(b, off, v);
        putU32(b, off + 4, v >>> 32);
    }

    public static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
