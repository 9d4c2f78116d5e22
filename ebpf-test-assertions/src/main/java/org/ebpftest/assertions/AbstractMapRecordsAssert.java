package org.ebpftest.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.ListAssert;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Assertions on the records programs wrote to a ring buffer ({@code bpf_ringbuf_output},
 * {@code bpf_ringbuf_submit}) or a perf event array ({@code bpf_perf_event_output}).
 *
 * <p>Creating the assertion consumes the records, as a user-space reader would: every check of one
 * assertion sees the same records, and the next run starts from an empty buffer.
 *
 * <pre>{@code
 * assertThat((RingBufMap) object.map("events")).hasRecordCount(1)
 *         .records(MapCodec.int32()).containsExactly(0);
 * }</pre>
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractMapRecordsAssert<SELF extends AbstractMapRecordsAssert<SELF>> extends AbstractObjectAssert<SELF, BpfMap> {

    private static final int MAX_LISTED = 10;

    private final List<byte[]> records;
    private final List<Integer> cpus;
    private NestedAsserts nested = NestedAsserts.HARD;

    /**
     * Creates an assertion on a ring buffer or perf event array, consuming its records.
     *
     * @throws IllegalArgumentException if the map is of another type
     */
    protected AbstractMapRecordsAssert(BpfMap actual, Class<?> selfType) {
        super(actual, selfType);
        records = new ArrayList<>();
        cpus = new ArrayList<>();
        if (actual instanceof RecordMap recordMap) {
            for (MapRecord r : recordMap.drainRecords()) {
                records.add(r.data());
                r.cpu().ifPresent(cpus::add);
            }
        } else if (actual != null) {
            throw new IllegalArgumentException(actual + " holds no records; only ring buffers and perf event arrays do");
        }
    }

    /** Makes the assertions this one navigates to soft as well. */
    static void useNested(AbstractMapRecordsAssert<?> assertion, NestedAsserts nested) {
        assertion.nested = nested;
    }

    /** Checks how many records were written. */
    public SELF hasRecordCount(int expected) {
        Args.range("expected record count", expected, 0, Integer.MAX_VALUE);
        isNotNull();
        if (records.size() != expected) {
            throw assertionError(FailureMessage.of("Expecting " + name() + " to hold " + count(expected) + " but it held "
                    + records.size() + listing()));
        }
        return myself;
    }

    /** Checks that no record was written. */
    public SELF hasNoRecords() {
        isNotNull();
        if (!records.isEmpty()) {
            throw assertionError(FailureMessage.of("Expecting " + name() + " to hold no records but it held " + records.size() + listing()));
        }
        return myself;
    }

    /** An AssertJ list assertion on the records' bytes, in the order they were written. */
    public ListAssert<byte[]> records() {
        isNotNull();
        return nested.<byte[]>list(records).describedAs("records of " + name());
    }

    /**
     * An AssertJ list assertion on the records decoded with {@code codec}, such as
     * {@code MapCodec.record(Event.class)}; fails if a record is not the codec's size.
     */
    public <T> ListAssert<T> records(MapCodec<T> codec) {
        Args.notNull("record codec", codec);
        isNotNull();
        List<T> decoded = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            if (r.length != codec.size()) {
                nested.missing(assertionError(FailureMessage.of("Expecting every record of " + name() + " to be " + codec.size()
                        + " bytes, the codec's size, but record " + i + " was " + r.length + " bytes" + listing())));
                decoded = null;
                break;
            }
            decoded.add(codec.decode(r));
        }
        return nested.<T>list(decoded).describedAs("records of " + name());
    }

    /** An AssertJ list assertion on the CPU of each record of a perf event array, in the order they were written. */
    public ListAssert<Integer> cpus() {
        isNotNull();
        if (actual.type() != MapType.PERF_EVENT_ARRAY) {
            throw new IllegalArgumentException(name() + " does not record CPUs; perf event arrays do");
        }
        return nested.<Integer>list(cpus).describedAs("CPUs of the records of " + name());
    }

    private String listing() {
        if (records.isEmpty()) {
            return "";
        }
        String lines = records.stream().limit(MAX_LISTED)
                .map(r -> "  " + MapTypes.hex(r) + " (" + r.length + (r.length == 1 ? " byte)" : " bytes)"))
                .collect(Collectors.joining("\n"));
        return ":\n" + lines + (records.size() > MAX_LISTED ? "\n  ... and " + (records.size() - MAX_LISTED) + " more" : "");
    }

    private static String count(int n) {
        return n == 1 ? "1 record" : n + " records";
    }

    private String name() {
        return (actual.type() == MapType.RINGBUF ? "ring buffer" : "perf event array") + " \"" + actual.name() + "\"";
    }
}
