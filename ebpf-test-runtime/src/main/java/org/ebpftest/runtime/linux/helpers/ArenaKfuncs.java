package org.ebpftest.runtime.linux.helpers;

import java.util.EnumSet;
import java.util.Optional;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.ObjectMaps;
import org.ebpftest.runtime.linux.maps.ArenaMap;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.uapi.Errno;

/**
 * The arena kfuncs of {@code kernel/bpf/arena.c}: {@code bpf_arena_alloc_pages},
 * {@code bpf_arena_free_pages} and {@code bpf_arena_reserve_pages}, answered by the object's
 * {@link ArenaMap}. Linux offers them to every program type; a map pointer of another type gets
 * what the kernel answers it (NULL, nothing, -EINVAL).
 */
public final class ArenaKfuncs {
    private static final long U32 = 0xffff_ffffL;

    private ArenaKfuncs() {
    }

    /** The arena kfunc of a name, resolving its map argument through an object's maps; empty for any other name. */
    public static Optional<Kfuncs.Kfunc> of(String name, ObjectMaps maps) {
        LinuxHelper function = switch (name) {
            case "bpf_arena_alloc_pages" -> (run, map, address, count, node, flags) ->
                    arena(maps.map(run.vm(), map, "r1")).map(a -> a.allocatePages(address, count & U32, (int) node, flags)).orElse(0L);
            case "bpf_arena_free_pages" -> (run, map, address, count, r4, r5) -> {
                arena(maps.map(run.vm(), map, "r1")).ifPresent(a -> a.freePages(address, count & U32));
                return 0;
            };
            case "bpf_arena_reserve_pages" -> (run, map, address, count, r4, r5) ->
                    arena(maps.map(run.vm(), map, "r1")).map(a -> a.reservePages(address, count & U32)).orElse((long) -Errno.EINVAL);
            default -> null;
        };
        return Optional.ofNullable(function).map(f -> new Kfuncs.Kfunc(name, EnumSet.allOf(ContextType.class), f));
    }

    private static Optional<ArenaMap> arena(BpfMap map) {
        return map instanceof ArenaMap a ? Optional.of(a) : Optional.empty();
    }
}
