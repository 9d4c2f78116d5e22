package org.ebpftest.assertions;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.snapshot.MapChanges;
import org.ebpftest.runtime.snapshot.MapSnapshot;

/**
 * Assertions on what changed in a map since a {@link MapSnapshot}, reached with
 * {@code assertThat(map).changedSince(snapshot)}.
 *
 * <p>A failure lists every change, one line per key: {@code + key=... value=...} for an added key,
 * {@code - key=... value=...} for a removed one and {@code ~ key=... value: old -> new} for a changed
 * value, printed through the map's BTF types when the assertion has them.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractMapChangesAssert<SELF extends AbstractMapChangesAssert<SELF>>
        extends AbstractObjectAssert<SELF, MapChanges> {

    private MapTypes types = MapTypes.RAW;

    /** Creates an assertion on the changes to a map. */
    protected AbstractMapChangesAssert(MapChanges actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Sets the types keys and values print with. */
    static void useTypes(AbstractMapChangesAssert<?> assertion, MapTypes types) {
        assertion.types = types;
    }

    /** Checks that nothing changed. */
    public SELF hasNoChanges() {
        isNotNull();
        if (!actual.isEmpty()) {
            throw failure("Expecting " + name() + " to be unchanged since the snapshot but it changed:\n"
                    + diff(actual.changes()));
        }
        return myself;
    }

    /** Checks that a key was added. */
    public SELF added(byte[] key) {
        isNotNull();
        return expect(MapChanges.Kind.ADDED, Args.key(map(), key));
    }

    /** Checks that a key, encoded with {@code codec}, was added. */
    public <K> SELF added(K key, MapCodec<K> codec) {
        isNotNull();
        return expect(MapChanges.Kind.ADDED, Args.key(map(), key, codec));
    }

    /** Checks that a key was removed. */
    public SELF removed(byte[] key) {
        isNotNull();
        return expect(MapChanges.Kind.REMOVED, Args.key(map(), key));
    }

    /** Checks that a key, encoded with {@code codec}, was removed. */
    public <K> SELF removed(K key, MapCodec<K> codec) {
        isNotNull();
        return expect(MapChanges.Kind.REMOVED, Args.key(map(), key, codec));
    }

    /** Checks that the value of a key that was there before changed. */
    public SELF changed(byte[] key) {
        isNotNull();
        return expect(MapChanges.Kind.CHANGED, Args.key(map(), key));
    }

    /** Checks that the value of a key, encoded with {@code codec}, changed. */
    public <K> SELF changed(K key, MapCodec<K> codec) {
        isNotNull();
        return expect(MapChanges.Kind.CHANGED, Args.key(map(), key, codec));
    }

    /** Checks that no key other than these was added, removed or changed; these may have changed or not. */
    public SELF unchangedExcept(byte[]... keys) {
        Args.notNull("keys", keys);
        isNotNull();
        for (byte[] key : keys) {
            Args.key(map(), key);
        }
        List<MapChanges.Change> others = actual.changes().stream()
                .filter(c -> Arrays.stream(keys).noneMatch(k -> Arrays.equals(k, c.key())))
                .toList();
        if (!others.isEmpty()) {
            String allowed = keys.length == 0 ? "no key"
                    : Arrays.stream(keys).map(k -> "key=" + types.key(k)).collect(Collectors.joining(", "));
            throw failure("Expecting " + name() + " to have changed only " + allowed
                    + " since the snapshot but other keys changed too:\n" + diff(others));
        }
        return myself;
    }

    private SELF expect(MapChanges.Kind kind, byte[] key) {
        boolean found = actual.of(key).map(c -> c.kind() == kind).orElse(false);
        if (!found) {
            String verb = switch (kind) {
                case ADDED -> "added";
                case REMOVED -> "removed";
                case CHANGED -> "changed the value of";
            };
            throw failure("Expecting " + name() + " to have " + verb + " key=" + types.key(key)
                    + " since the snapshot but it did not; " + (actual.isEmpty() ? "nothing changed"
                    : "changes since the snapshot:\n" + diff(actual.changes())));
        }
        return myself;
    }

    private String diff(List<MapChanges.Change> changes) {
        return changes.stream().map(this::line).collect(Collectors.joining("\n"));
    }

    private String line(MapChanges.Change c) {
        String key = "key=" + types.key(c.key());
        return switch (c.kind()) {
            case ADDED -> "  + " + key + " value=" + types.values(c.after());
            case REMOVED -> "  - " + key + " value=" + types.values(c.before());
            case CHANGED -> "  ~ " + key + " value: " + types.values(c.before()) + " -> " + types.values(c.after());
        };
    }

    private BpfMap map() {
        return actual.snapshot().map();
    }

    private String name() {
        return "map \"" + map().name() + "\"";
    }

    private AssertionError failure(String message) {
        return assertionError(FailureMessage.of(message));
    }
}
