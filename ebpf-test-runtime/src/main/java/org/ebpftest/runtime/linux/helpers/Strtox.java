package org.ebpftest.runtime.linux.helpers;

import java.math.BigInteger;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/** {@code bpf_strtol} and {@code bpf_strtoul}, after kernel/bpf/helpers.c: the count of characters consumed, or a negative errno. */
final class Strtox {
    private static final long BASE_MASK = 0x1f;

    private Strtox() {
    }

    static long call(Memory m, long buf, long bufLen, long flags, long resPtr, boolean signed) {
        long result = parse(m, buf, bufLen, flags, resPtr, signed);
        if (result < 0) {
            // the kernel sets *res to 0 when it fails (confirmed for -ERANGE and -EINVAL)
            m.store64(resPtr, 0);
        }
        return result;
    }

    private static long parse(Memory m, long buf, long bufLen, long flags, long resPtr, boolean signed) {
        if (buf == 0 || bufLen == 0 || (flags & ~BASE_MASK) != 0) {
            return -Errno.EINVAL;
        }
        int base = (int) flags;
        if (base != 0 && base != 8 && base != 10 && base != 16) {
            return -Errno.EINVAL;
        }
        byte[] s = m.read(buf, (int) bufLen);
        int len = 0;
        while (len < s.length && s[len] != 0) {
            len++;
        }
        int i = 0;
        while (i < len && isSpace(s[i])) {
            i++;
        }
        boolean negative = i < len && s[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= len) {
            return -Errno.EINVAL;
        }
        int end = Math.min(len, i + 63);
        if (base == 0) {
            if (s[i] == '0' && i + 2 < end + 1 && i + 1 < end && (s[i + 1] | 0x20) == 'x' && i + 2 < end && hex(s[i + 2])) {
                base = 16;
                i += 2;
            } else {
                base = s[i] == '0' ? 8 : 10;
            }
        } else if (base == 16 && s[i] == '0' && i + 1 < end && (s[i + 1] | 0x20) == 'x') {
            i += 2;
        }
        BigInteger value = BigInteger.ZERO;
        int digits = 0;
        while (i < end) {
            int d = Character.digit(s[i], base);
            if (d < 0) {
                break;
            }
            value = value.multiply(BigInteger.valueOf(base)).add(BigInteger.valueOf(d));
            i++;
            digits++;
        }
        if (value.bitLength() > 64) {
            return -Errno.ERANGE;
        }
        if (digits == 0) {
            return -Errno.EINVAL;
        }
        long v = value.longValue();
        if (signed) {
            if (negative) {
                if (value.compareTo(BigInteger.ONE.shiftLeft(63)) > 0) {
                    return -Errno.ERANGE;
                }
                v = -v;
            } else if (value.bitLength() > 63) {
                return -Errno.ERANGE;
            }
        } else if (negative) {
            return -Errno.EINVAL;
        }
        m.store64(resPtr, v);
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c >= 9 && c <= 13;
    }

    private static boolean hex(byte c) {
        return Character.digit(c, 16) >= 0;
    }
}
