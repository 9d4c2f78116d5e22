package org.ebpftest.runtime.linux.helpers;

import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.linux.KernelRun;

/**
 * The kernel's BPF printf (bpf_bprintf_prepare and bstr_printf): the conversions
 * {@code %d %i %u %x %X %c %s %p %px %pK %pks %pus %pI4 %pi4 %pI6 %pi6 %%}, the modifiers
 * {@code l} and {@code ll}, the flags {@code 0 + - space} and a width. Anything else, or more
 * arguments than allowed, makes the helper return -EINVAL, as in the kernel.
 *
 * <p>Deviation: plain {@code %p} prints the VM address in 16 hex digits; the kernel prints a
 * hashed value that differs on every boot.
 */
final class BpfPrintf {
    /** What a format refused: the helper returns -EINVAL. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String why) {
            super(why, null, false, false);
        }
    }

    private BpfPrintf() {
    }

    /** Reads the NUL-terminated format within {@code size} bytes at an address; null when it has no NUL. */
    static String readFormat(KernelRun run, long address, int size) {
        byte[] raw = run.vm().memory().read(address, size);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                return new String(raw, 0, i, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    static String format(KernelRun run, String fmt, long[] args, int maxArgs) throws Invalid {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '%') {
                out.append('%');
                i++;
                continue;
            }
            if (argi >= maxArgs) {
                throw new Invalid("more than " + maxArgs + " conversions");
            }
            i++;
            StringBuilder flags = new StringBuilder();
            while (i < fmt.length() && "0+- ".indexOf(fmt.charAt(i)) >= 0) {
                flags.append(fmt.charAt(i++));
            }
            int width = 0;
            if (i < fmt.length() && fmt.charAt(i) >= '1' && fmt.charAt(i) <= '9') {
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                    width = width * 10 + fmt.charAt(i++) - '0';
                }
            }
            if (i >= fmt.length()) {
                throw new Invalid("format ends inside a conversion");
            }
            long arg = args[argi++];
            char conv = fmt.charAt(i);
            String text;
            if (conv == 'p') {
                char next = i + 1 < fmt.length() ? fmt.charAt(i + 1) : 0;
                char after = i + 2 < fmt.length() ? fmt.charAt(i + 2) : 0;
                if ((next == 'k' || next == 'u') && after == 's') {
                    text = string(run, arg);
                    i += 2;
                } else if ((next == 'i' || next == 'I') && (after == '4' || after == '6')) {
                    text = ip(run, arg, next == 'I', after == '4');
                    i += 2;
                } else if (next == 'x' || next == 'K') {
                    text = String.format("%016x", arg);
                    i++;
                } else if (next == 0 || Character.isWhitespace(next) || isPunct(next)) {
                    text = String.format("%016x", arg);
                } else {
                    throw new Invalid("unsupported pointer format %p" + next);
                }
            } else if (conv == 's') {
                text = string(run, arg);
            } else if (conv == 'c') {
                text = String.valueOf((char) (arg & 0xff));
            } else {
                boolean wide = false;
                if (conv == 'l') {
                    wide = true;
                    i++;
                    if (i < fmt.length() && fmt.charAt(i) == 'l') {
                        i++;
                    }
                    conv = i < fmt.length() ? fmt.charAt(i) : 0;
                }
                long v = wide ? arg : conv == 'd' || conv == 'i' ? (int) arg : arg & 0xffffffffL;
                text = switch (conv) {
                    case 'd', 'i' -> (v >= 0 && flags.indexOf("+") >= 0 ? "+" : v >= 0 && flags.indexOf(" ") >= 0 ? " " : "") + v;
                    case 'u' -> Long.toUnsignedString(v);
                    case 'x' -> Long.toHexString(v);
                    case 'X' -> Long.toHexString(v).toUpperCase();
                    default -> throw new Invalid("unsupported conversion %" + conv);
                };
            }
            out.append(pad(text, width, flags.toString(), conv));
        }
        return out.toString();
    }

    private static boolean isPunct(char c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }

    private static String pad(String text, int width, String flags, char conv) {
        if (text.length() >= width) {
            return text;
        }
        int n = width - text.length();
        if (flags.indexOf('-') >= 0) {
            return text + " ".repeat(n);
        }
        if (flags.indexOf('0') >= 0 && "diuxX".indexOf(conv) >= 0) {
            int sign = text.startsWith("-") || text.startsWith("+") || text.startsWith(" ") ? 1 : 0;
            return text.substring(0, sign) + "0".repeat(n) + text.substring(sign);
        }
        return " ".repeat(n) + text;
    }

    private static String string(KernelRun run, long address) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1024; i++) {
            byte[] b = MiscHelpers.readAnywhere(run, address + i, 1);
            if (b == null || b[0] == 0) {
                break;
            }
            sb.append((char) (b[0] & 0xff));
        }
        return sb.toString();
    }

    private static String ip(KernelRun run, long address, boolean dotted, boolean v4) {
        byte[] a = MiscHelpers.readAnywhere(run, address, v4 ? 4 : 16);
        if (a == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (v4) {
            for (int i = 0; i < 4; i++) {
                sb.append(i > 0 ? "." : "").append(dotted ? String.valueOf(a[i] & 0xff) : String.format("%03d", a[i] & 0xff));
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                sb.append(i > 0 && dotted ? ":" : "").append(String.format("%02x%02x", a[i] & 0xff, a[i + 1] & 0xff));
            }
        }
        return sb.toString();
    }
}
