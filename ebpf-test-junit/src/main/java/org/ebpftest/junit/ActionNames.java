package org.ebpftest.junit;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.linux.ContextType;

/**
 * The names the kernel's uapi headers give return values: {@code XDP_*} ({@code linux/bpf.h}),
 * {@code TC_ACT_*} ({@code linux/pkt_cls.h}) and {@code SK_DROP}/{@code SK_PASS}; fixtures may
 * write a return value by name, and messages print values by name.
 */
final class ActionNames {
    /** XDP_ABORTED (0) to XDP_REDIRECT (4). */
    private static final List<String> XDP = List.of("XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT");
    /** TC_ACT_UNSPEC (-1) to TC_ACT_TRAP (8). */
    private static final List<String> TC = List.of("TC_ACT_UNSPEC", "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE",
            "TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP");
    /** SK_DROP (0) and SK_PASS (1). */
    private static final List<String> SK = List.of("SK_DROP", "SK_PASS");

    private ActionNames() {
    }

    /** The value of a name, such as 2 for {@code XDP_PASS}; empty for a name of none. */
    static Optional<Integer> value(String name) {
        if (XDP.contains(name)) {
            return Optional.of(XDP.indexOf(name));
        } else if (TC.contains(name)) {
            return Optional.of(TC.indexOf(name) - 1);
        } else if (SK.contains(name)) {
            return Optional.of(SK.indexOf(name));
        }
        return Optional.empty();
    }

    /** The name of a return value of a program on a context: {@code XDP_*} for XDP, {@code TC_ACT_*} for tc. */
    static Optional<String> of(ContextType type, int value) {
        if (type == ContextType.XDP) {
            return at(XDP, value);
        } else if (type.isTc()) {
            return at(TC, value + 1);
        }
        return Optional.empty();
    }

    /** The name of a value among the names of the same header as {@code sibling}, such as {@code SK_PASS} for 1 and {@code SK_DROP}. */
    static Optional<String> like(String sibling, int value) {
        if (XDP.contains(sibling)) {
            return at(XDP, value);
        } else if (TC.contains(sibling)) {
            return at(TC, value + 1);
        } else if (SK.contains(sibling)) {
            return at(SK, value);
        }
        return Optional.empty();
    }

    private static Optional<String> at(List<String> names, int index) {
        return index >= 0 && index < names.size() ? Optional.of(names.get(index)) : Optional.empty();
    }
}
