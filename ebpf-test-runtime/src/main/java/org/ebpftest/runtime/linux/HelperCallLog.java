package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.linux.helpers.HelperCall;
import org.ebpftest.runtime.linux.helpers.HelperId;

/**
 * The helper calls of one run, kept as plain numbers while the program runs and made into
 * {@link HelperCall} records only when {@link RunResult#helperCalls()} asks: boxing five arguments
 * into a record at every call took about half the time of a run of a 200-instruction firewall
 * making map lookups, for records most runs never read. Not thread-safe: a run records into it,
 * then its result only reads it.
 */
final class HelperCallLog {
    private static final int VALUES = 6; // r1 to r5, then r0 after the call

    private HelperId[] ids = new HelperId[4];
    private long[] values = new long[4 * VALUES];
    private int count;

    void add(HelperId id, long r1, long r2, long r3, long r4, long r5, long r0) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            values = Arrays.copyOf(values, count * 2 * VALUES);
        }
        ids[count] = id;
        int v = count * VALUES;
        values[v] = r1;
        values[v + 1] = r2;
        values[v + 2] = r3;
        values[v + 3] = r4;
        values[v + 4] = r5;
        values[v + 5] = r0;
        count++;
    }

    /** Forgets the calls, keeping the arrays for the next run of a repeat. */
    void clear() {
        count = 0;
    }

    /** The calls as records, in the order the program made them. */
    List<HelperCall> toList() {
        List<HelperCall> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int v = i * VALUES;
            out.add(new HelperCall(ids[i].id(), ids[i].kernelName(),
                    List.of(values[v], values[v + 1], values[v + 2], values[v + 3], values[v + 4]), values[v + 5]));
        }
        return List.copyOf(out);
    }
}
