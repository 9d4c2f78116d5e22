package org.ebpftest.assertions;

import org.assertj.core.api.Assertions;
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
 * The entry point for assertions on what an eBPF program did: the value it returned, the packets it
 * left, what it printed and called ({@link RunResult}), and what it wrote to maps. It extends
 * AssertJ's {@link Assertions}, so one static import gives both.
 *
 * <pre>{@code
 * import static org.ebpftest.assertions.EbpfAssertions.assertThat;
 * import static org.ebpftest.assertions.EbpfAssertions.assertThatFrame;
 * import static org.ebpftest.assertions.EbpfAssertions.assertThatReturnCode;
 *
 * assertThat(result).returnsXdpTx().calledHelper("bpf_map_update_elem");
 * assertThat(object.map("flows"), object).value(key, keyCodec).hasField("pkts", 1);
 * assertThatFrame(frame).ipv4().hasTtl(63).hasValidChecksum()
 *         .and().tcp().hasDestinationPort(8080);
 * }</pre>
 *
 * <p>{@link EbpfSoftAssertions} offers the same checks collecting every failure.
 */
public class EbpfAssertions extends Assertions {

    /** For subclasses that add their own entry points. */
    protected EbpfAssertions() {
    }

    /** Assertions on a parsed packet. */
    public static PacketAssert assertThat(Packet actual) {
        return new PacketAssert(actual);
    }

    /**
     * Assertions on a frame that starts with an Ethernet header, parsed with {@link Packet#parse}.
     * ({@code assertThat(byte[])} stays AssertJ's byte-array assertion.)
     */
    public static PacketAssert assertThatFrame(byte[] frame) {
        return new PacketAssert(frame == null ? null : Packet.parse(frame));
    }

    /** Assertions on a bare IPv4 or IPv6 datagram without link layer, parsed with {@link Packet#parseIp}. */
    public static PacketAssert assertThatDatagram(byte[] datagram) {
        return new PacketAssert(datagram == null ? null : Packet.parseIp(datagram));
    }

    /**
     * Assertions on the value a program of {@code family} returned in r0.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    public static ReturnCodeAssert assertThatReturnCode(long r0, ReturnCodes family) {
        return new ReturnCodeAssert(r0, Args.notNull("program family", family));
    }

    /**
     * Runs code that should make a program trap and checks the trap:
     * {@code assertThatTrap(() -> fw.run("xdp_fw", in)).isMemoryFault().atPc(12)}. A run that
     * finishes, or fails with another exception, fails the assertion (the other exception is
     * rethrown as the cause).
     */
    public static TrapAssert assertThatTrap(ThrowingCallable run) {
        return new TrapAssert(Traps.catchTrap(run));
    }

    /** Checks a trap already caught. */
    public static TrapAssert assertThat(TrapException actual) {
        return new TrapAssert(actual);
    }

    /**
     * Assertions on what a program run produced, read for the type of program that ran
     * ({@link RunResult#contextType()}): an XDP run names its return codes {@code XDP_*} and its
     * packet starts after the metadata, a tc run names {@code TC_ACT_*}, a socket filter's packet
     * starts at the network header. A run on a generic context has no family: its return value is
     * a plain number, except in checks such as {@code returnsXdpPass()} that bring their own.
     */
    public static RunResultAssert assertThat(RunResult actual) {
        return new RunResultAssert(actual);
    }

    /**
     * Assertions on what a run of a program of {@code family} produced; the family names its return
     * codes and tells where its packet starts. {@link #assertThat(RunResult)} takes the family from
     * the run itself; this form reads a run with another, such as a run on a generic context.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    public static RunResultAssert assertThat(RunResult actual, ReturnCodes family) {
        return new RunResultAssert(actual, Args.notNull("program family", family));
    }

    /** Assertions on the contents of a map, its keys and values printed as hex. */
    public static BpfMapAssert assertThat(BpfMap actual) {
        return new BpfMapAssert(actual);
    }

    /**
     * Assertions on the contents of one of a loaded object's maps, its keys and values printed
     * through the BTF types the object declares for them; {@code value(key).hasField("pkts", 1)}
     * reads a field by name.
     *
     * @throws IllegalArgumentException if {@code map} is not one of {@code object}'s maps
     */
    public static BpfMapAssert assertThat(BpfMap actual, LoadedObject object) {
        BpfMapAssert assertion = new BpfMapAssert(actual);
        AbstractBpfMapAssert.configure(assertion, MapTypes.of(actual, object), NestedAsserts.HARD);
        return assertion;
    }

    /** Assertions on the records of a ring buffer; creating it consumes them. */
    public static MapRecordsAssert assertThat(RingBufMap actual) {
        return new MapRecordsAssert(actual);
    }

    /** Assertions on the records of a perf event array; creating it consumes them. */
    public static MapRecordsAssert assertThat(PerfEventArrayMap actual) {
        return new MapRecordsAssert(actual);
    }

    /** Assertions on the records of a ring buffer or perf event array, such as an injected {@code RecordMap}; creating it consumes them. */
    public static MapRecordsAssert assertThat(RecordMap actual) {
        return new MapRecordsAssert((BpfMap) actual);
    }

    /**
     * Assertions on the records of a ring buffer or perf event array given as a plain map, such as
     * {@code object.map("events")}; creating it consumes them.
     *
     * @throws IllegalArgumentException if the map is of another type
     */
    public static MapRecordsAssert assertThatRecords(BpfMap actual) {
        return new MapRecordsAssert(actual);
    }
}
