package org.ebpftest.assertions;

import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ebpftest.packet.Packet;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.ebpftest.runtime.vm.TrapException;

/**
 * The soft variants of the {@link EbpfAssertions} entry points, for any AssertJ soft-assertion
 * class: a failure is collected and the chain goes on. The header assertions a packet assertion
 * navigates to are soft as well.
 *
 * <p>When a navigation step finds no such header, that one failure is collected and the checks on
 * the missing header are skipped.
 */
public interface EbpfSoftAssertionsProvider extends SoftAssertionsProvider {

    /** Soft assertions on a parsed packet. */
    default PacketAssert assertThat(Packet actual) {
        PacketAssert assertion = proxy(PacketAssert.class, Packet.class, actual);
        AbstractPacketAssert.useNested(assertion, NestedAsserts.soft(this));
        return assertion;
    }

    /** Soft assertions on a frame that starts with an Ethernet header. */
    default PacketAssert assertThatFrame(byte[] frame) {
        return assertThat(frame == null ? null : Packet.parse(frame));
    }

    /** Soft assertions on a bare IPv4 or IPv6 datagram. */
    default PacketAssert assertThatDatagram(byte[] datagram) {
        return assertThat(datagram == null ? null : Packet.parseIp(datagram));
    }

    /**
     * Soft assertions on the value a program of {@code family} returned in r0.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    default ReturnCodeAssert assertThatReturnCode(long r0, ReturnCodes family) {
        Args.notNull("program family", family);
        ReturnCodeAssert assertion = proxy(ReturnCodeAssert.class, Long.class, r0);
        AbstractReturnCodeAssert.useFamily(assertion, family);
        return assertion;
    }

    /** Soft assertions on what a program run produced, read for the type of program that ran (see {@link EbpfAssertions#assertThat(RunResult)}). */
    default RunResultAssert assertThat(RunResult actual) {
        RunResultAssert assertion = proxy(RunResultAssert.class, RunResult.class, actual);
        AbstractRunResultAssert.configure(assertion, AbstractRunResultAssert.familyOf(actual), NestedAsserts.soft(this));
        return assertion;
    }

    /**
     * Soft assertions on what a run of a program of {@code family} produced.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    default RunResultAssert assertThat(RunResult actual, ReturnCodes family) {
        Args.notNull("program family", family);
        RunResultAssert assertion = proxy(RunResultAssert.class, RunResult.class, actual);
        AbstractRunResultAssert.configure(assertion, family, NestedAsserts.soft(this));
        return assertion;
    }

    /** Soft assertions on the contents of a map, its keys and values printed as hex. */
    default BpfMapAssert assertThat(BpfMap actual) {
        BpfMapAssert assertion = proxy(BpfMapAssert.class, BpfMap.class, actual);
        AbstractBpfMapAssert.configure(assertion, MapTypes.RAW, NestedAsserts.soft(this));
        return assertion;
    }

    /**
     * Soft assertions on one of a loaded object's maps, printed and read through its BTF types.
     *
     * @throws IllegalArgumentException if {@code map} is not one of {@code object}'s maps
     */
    default BpfMapAssert assertThat(BpfMap actual, LoadedObject object) {
        MapTypes types = MapTypes.of(actual, object);
        BpfMapAssert assertion = proxy(BpfMapAssert.class, BpfMap.class, actual);
        AbstractBpfMapAssert.configure(assertion, types, NestedAsserts.soft(this));
        return assertion;
    }

    /** Soft assertions on the records of a ring buffer; creating it consumes them. */
    default MapRecordsAssert assertThat(RingBufMap actual) {
        return assertThatRecords(actual);
    }

    /** Soft assertions on the records of a perf event array; creating it consumes them. */
    default MapRecordsAssert assertThat(PerfEventArrayMap actual) {
        return assertThatRecords(actual);
    }

    /** Soft assertions on the records of a ring buffer or perf event array, such as an injected {@code RecordMap}; creating it consumes them. */
    default MapRecordsAssert assertThat(RecordMap actual) {
        return assertThatRecords((BpfMap) actual);
    }

    /**
     * Soft assertions on the records of a ring buffer or perf event array; creating it consumes them.
     *
     * @throws IllegalArgumentException if the map is of another type
     */
    default MapRecordsAssert assertThatRecords(BpfMap actual) {
        if (actual != null && !(actual instanceof RecordMap)) {
            throw new IllegalArgumentException(actual + " holds no records; only ring buffers and perf event arrays do");
        }
        MapRecordsAssert assertion = proxy(MapRecordsAssert.class, BpfMap.class, actual);
        AbstractMapRecordsAssert.useNested(assertion, NestedAsserts.soft(this));
        return assertion;
    }

    /** Soft version of {@link EbpfAssertions#assertThatTrap(ThrowingCallable)}. */
    default TrapAssert assertThatTrap(ThrowingCallable run) {
        return proxy(TrapAssert.class, TrapException.class, Traps.catchTrap(run));
    }

    /** Soft version of {@link EbpfAssertions#assertThat(TrapException)}. */
    default TrapAssert assertThat(TrapException actual) {
        return proxy(TrapAssert.class, TrapException.class, actual);
    }
}
