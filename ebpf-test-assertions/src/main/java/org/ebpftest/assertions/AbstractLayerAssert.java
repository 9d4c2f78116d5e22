package org.ebpftest.assertions;

import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;
import org.ebpftest.packet.ChecksumStatus;
import org.ebpftest.packet.Layer;
import org.ebpftest.packet.Packet;

/**
 * Base of the assertions on one header of a packet, which a packet assertion navigates to with
 * {@code ipv4()}, {@code tcp()} and so on; {@link #and()} goes back to the packet.
 *
 * <pre>{@code
 * assertThat(packet).ipv4().hasTtl(63)
 *                   .and().tcp().hasDestinationPort(8080);
 * }</pre>
 *
 * <p>Failure messages name the header by its label in the packet ({@code IPv4}, or {@code IPv4 #2}
 * for the inner header of a tunnel) and the field by its name, and end with the packet summary:
 * {@code Expecting IPv4 ttl of packet to be: 63 but was: 64}.
 *
 * @param <SELF> the concrete assertion, returned by every check
 * @param <L> the kind of header
 */
public abstract class AbstractLayerAssert<SELF extends AbstractLayerAssert<SELF, L>, L extends Layer>
        extends AbstractObjectAssert<SELF, L> {

    private AbstractPacketAssert<?> parent;
    private Packet packet;
    private boolean absent;

    /**
     * Creates an assertion on a header on its own; messages then carry no packet summary and
     * {@link #and()} has nowhere to go back to.
     */
    protected AbstractLayerAssert(L actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Links a navigated-to assertion with the packet assertion it came from, whose description it takes over. */
    static void attach(AbstractLayerAssert<?, ?> child, AbstractPacketAssert<?> parent, Packet packet, boolean absent) {
        child.info.description(parent.info.description());
        child.parent = parent;
        child.packet = packet;
        child.absent = absent;
    }

    /**
     * Returns to the packet assertion this header assertion was reached from, to check the packet
     * or navigate to another of its headers.
     *
     * @throws IllegalStateException if this assertion was not reached from a packet assertion
     */
    public AbstractPacketAssert<?> and() {
        if (parent == null) {
            throw new IllegalStateException("and() returns to the packet assertion this header assertion was reached"
                    + " from, but this one was created on its own; start from assertThat(packet) instead");
        }
        return parent;
    }

    /**
     * Whether the checks of this assertion are to be skipped: in soft mode, when the header was
     * missing, which was already reported. Otherwise fails if there is no header at all.
     */
    final boolean skip() {
        if (absent) {
            return true;
        }
        isNotNull();
        return false;
    }

    /** The header's label in its packet, such as {@code IPv4 #2}. */
    final String label() {
        return packet == null ? actual.name() : packet.label(actual);
    }

    /** Fails with {@code Expecting <label> <field> of packet to be: <expected> but was: <actual>} unless they are equal. */
    final SELF expectField(String field, Object expected, Object actualValue) {
        if (!Objects.equals(expected, actualValue)) {
            throw failure("Expecting " + label() + " " + field + " of packet to be: " + expected + " but was: " + actualValue);
        }
        return myself;
    }

    /** Fails with {@code Expecting <label> <what>}, followed by the packet summary. */
    final AssertionError failure(String expectation) {
        String context = packet == null ? "" : "\npacket:\n" + Names.indent(packet.toString());
        return assertionError(FailureMessage.of(expectation + context));
    }

    /**
     * Fails unless a checksum verifies, printing the checksum the header carries and the one
     * computed from the bytes it covers.
     */
    final SELF expectValidChecksum(String field, ChecksumStatus status, int carried, int computed) {
        String what = "Expecting " + label() + " " + field + " of packet to be valid";
        switch (status) {
            case VALID:
                return myself;
            case INVALID:
                throw failure("Expecting " + label() + " " + field + " of packet to be: " + Names.hex16(computed)
                        + " (computed) but was: " + Names.hex16(carried));
            case ABSENT:
                throw failure(what + " but the header carries none");
            default:
                throw failure(what + " but it cannot be verified: the bytes it covers are not all in the frame"
                        + " (truncated packet or IP fragment); carried: " + Names.hex16(carried));
        }
    }
}
