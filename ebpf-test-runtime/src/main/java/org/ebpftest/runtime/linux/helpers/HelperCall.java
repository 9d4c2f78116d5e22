package org.ebpftest.runtime.linux.helpers;

import java.util.List;
import org.ebpftest.runtime.linux.RunResult;

/**
 * One helper call a program made, as recorded on a {@link RunResult}: its number, its name, the
 * five argument registers and what it returned.
 *
 * @param id the helper number
 * @param name the helper's name, such as {@code bpf_redirect}
 * @param args the values of r1 to r5 at the call
 * @param result r0 after the call
 */
public record HelperCall(int id, String name, List<Long> args, long result) {
    /** A call record; the arguments are copied. */
    public HelperCall {
        args = List.copyOf(args);
    }

    /** Argument {@code i}, counting from 1 as the registers do. */
    public long arg(int i) {
        return args.get(i - 1);
    }
}
