package org.ebpftest.runtime.linux.helpers;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;

/**
 * The helpers Linux 6.18 offers to lightweight-tunnel programs ({@code lwt_in_func_proto},
 * {@code lwt_out_func_proto}, {@code lwt_xmit_func_proto} in net/core/filter.c), recorded from
 * this machine's kernel by loading one call of every helper as each type. The emulator offers an
 * lwt program exactly these, and the verifier refuses the others as the kernel does.
 */
public final class LwtHelpers {
    private static final Map<ContextType, BitSet> OFFERED = new EnumMap<>(ContextType.class);

    static {
        OFFERED.put(ContextType.LWT_IN, ids("1-3 5-8 12 14-17 22 24-26 28 33-35 37 39 42 55 73 80 87-89 93-94 105-106 109 112-115 117-118 120 123 125 "
                + "130-134 136-141 148-149 153-154 156-158 160 164-165 169-172 175-178 180-182 191 194-203 208-211"));
        OFFERED.put(ContextType.LWT_OUT, ids("1-3 5-8 12 14-17 22 24-26 28 33-35 37 39 42 55 80 87-89 93-94 105-106 109 112-115 117-118 120 123 125 "
                + "130-134 136-141 148-149 153-154 156-158 160 164-165 169-172 175-178 180-182 191 194-203 208-211"));
        OFFERED.put(ContextType.LWT_XMIT, ids("1-3 5-17 20-26 28-30 33-35 37-43 55 73 80 87-89 93-94 105-106 109 112-115 117-118 120 123 125 "
                + "130-141 148-149 153-154 156-158 160 164-165 169-172 175-178 180-182 191 194-203 208-211"));
    }

    private LwtHelpers() {
    }

    /** The numbers of the helpers the kernel offers to programs of an lwt type; empty for other types. */
    public static Optional<BitSet> offered(ContextType type) {
        return Optional.ofNullable(OFFERED.get(type)).map(b -> (BitSet) b.clone());
    }

    /** The types a registered helper is offered to once the lwt types are settled: the lwt types by the kernel's lists, the others as registered. */
    static Set<ContextType> withLwt(HelperId id, Set<ContextType> registered) {
        EnumSet<ContextType> types = registered.isEmpty() ? EnumSet.noneOf(ContextType.class) : EnumSet.copyOf(registered);
        OFFERED.forEach((type, ids) -> {
            if (ids.get(id.id())) {
                types.add(type);
            } else {
                types.remove(type);
            }
        });
        return types;
    }

    private static BitSet ids(String ranges) {
        BitSet set = new BitSet();
        for (String r : ranges.trim().split("\\s+")) {
            int dash = r.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(r.substring(dash + 1));
            set.set(from, to + 1);
        }
        return set;
    }
}
