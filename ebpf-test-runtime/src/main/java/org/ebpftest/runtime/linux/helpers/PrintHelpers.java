package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.SNPRINTF;
import static org.ebpftest.runtime.linux.helpers.HelperId.TRACE_PRINTK;
import static org.ebpftest.runtime.linux.helpers.HelperId.TRACE_VPRINTK;

import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/** {@code bpf_trace_printk}, {@code bpf_trace_vprintk} and {@code bpf_snprintf}, with output captured on the run. */
final class PrintHelpers {
    /** MAX_BPRINTF_BUF: the longest message the kernel formats. */
    static final int MAX_MESSAGE = 1024;
    /** MAX_BPRINTF_VARARGS. */
    static final int MAX_VARARGS = 12;

    private PrintHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(TRACE_PRINTK, MiscHelpers.ALL, (run, fmt, size, a1, a2, a3) -> print(run, fmt, size, new long[] {a1, a2, a3}, 3));
        t.register(TRACE_VPRINTK, MiscHelpers.ALL, (run, fmt, size, data, dataLen, r5) -> {
            if ((dataLen & 7) != 0 || dataLen > 8 * MAX_VARARGS || data == 0 && dataLen != 0) {
                return -Errno.EINVAL;
            }
            return print(run, fmt, size, args(run.vm().memory(), data, (int) dataLen), (int) dataLen / 8);
        });
        t.register(SNPRINTF, MiscHelpers.ALL, PrintHelpers::snprintf);
    }

    private static long[] args(Memory m, long data, int len) {
        long[] a = new long[len / 8];
        for (int i = 0; i < a.length; i++) {
            a[i] = m.load64(data + 8L * i);
        }
        return a;
    }

    private static long print(KernelRun run, long fmtAddress, long size, long[] args, int maxArgs) {
        String fmt = BpfPrintf.readFormat(run, fmtAddress, (int) size);
        if (fmt == null) {
            return -Errno.EINVAL;
        }
        String text;
        try {
            text = BpfPrintf.format(run, fmt, args, maxArgs);
        } catch (BpfPrintf.Invalid e) {
            return -Errno.EINVAL;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        String shown = bytes.length >= MAX_MESSAGE ? new String(bytes, 0, MAX_MESSAGE - 1, StandardCharsets.ISO_8859_1) : text;
        run.print(shown);
        return bytes.length;
    }

    private static long snprintf(KernelRun run, long str, long strSize, long fmtAddress, long data, long dataLen) {
        if ((dataLen & 7) != 0 || dataLen > 8 * MAX_VARARGS || data == 0 && dataLen != 0) {
            return -Errno.EINVAL;
        }
        // the verifier demands a constant, NUL-terminated format; its length is not passed
        String fmt = BpfPrintf.readFormat(run, fmtAddress, 1);
        for (int n = 2; fmt == null && n <= 4096; n++) {
            fmt = BpfPrintf.readFormat(run, fmtAddress, n);
        }
        if (fmt == null) {
            return -Errno.EINVAL;
        }
        String text;
        try {
            text = BpfPrintf.format(run, fmt, args(run.vm().memory(), data, (int) dataLen), (int) dataLen / 8);
        } catch (BpfPrintf.Invalid e) {
            return -Errno.EINVAL;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (strSize > 0) {
            // at most strSize - 1 characters, then the terminating NUL, as the kernel truncates
            int n = (int) Math.min(bytes.length, strSize - 1);
            byte[] out = new byte[n + 1];
            System.arraycopy(bytes, 0, out, 0, n);
            run.vm().memory().write(str, out);
        }
        return bytes.length + 1;
    }
}
