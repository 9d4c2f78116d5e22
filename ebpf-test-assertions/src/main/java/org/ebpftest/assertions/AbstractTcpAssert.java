package org.ebpftest.assertions;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.packet.TcpOption;

/**
 * Checks of a TCP header: flags, sequence and acknowledgment numbers, window and options, besides the
 * ports and checksum of {@link AbstractTransportAssert}.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractTcpAssert<SELF extends AbstractTcpAssert<SELF>> extends AbstractTransportAssert<SELF, Tcp> {

    private static final String ABSENT = "absent";

    /** Creates an assertion on a TCP header. */
    protected AbstractTcpAssert(Tcp actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks that exactly these flags are set, in any order; no arguments means no flag at all. */
    public SELF hasFlags(TcpFlag... flags) {
        Args.notNull("flags", flags);
        EnumSet<TcpFlag> expected = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag flag : flags) {
            expected.add(Args.notNull("flag", flag));
        }
        return skip() ? myself : expectField("flags", Names.flags(expected), Names.flags(actual.flags()));
    }

    /** Checks that a flag is set, whatever the others are. */
    public SELF hasFlag(TcpFlag flag) {
        Args.notNull("flag", flag);
        if (skip() || actual.has(flag)) {
            return myself;
        }
        throw failure("Expecting " + label() + " flags of packet to contain: " + flag + " but were: " + Names.flags(actual.flags()));
    }

    /** Checks that a flag is clear, whatever the others are. */
    public SELF doesNotHaveFlag(TcpFlag flag) {
        Args.notNull("flag", flag);
        if (skip() || !actual.has(flag)) {
            return myself;
        }
        throw failure("Expecting " + label() + " flags of packet not to contain: " + flag + " but were: "
                + Names.flags(actual.flags()));
    }

    /** Checks the sequence number, unsigned. */
    public SELF hasSequence(long sequenceNumber) {
        Args.u32("sequence number", sequenceNumber);
        return skip() ? myself : expectField("sequence number", sequenceNumber, actual.sequenceNumber());
    }

    /** Checks the acknowledgment number, unsigned. */
    public SELF hasAck(long acknowledgmentNumber) {
        Args.u32("acknowledgment number", acknowledgmentNumber);
        return skip() ? myself : expectField("acknowledgment number", acknowledgmentNumber, actual.acknowledgmentNumber());
    }

    /** Checks the window field, unscaled. */
    public SELF hasWindow(int window) {
        Args.u16("window", window);
        return skip() ? myself : expectField("window", window, actual.window());
    }

    /** Checks the maximum segment size option. */
    public SELF hasMss(int mss) {
        Args.u16("MSS", mss);
        return skip() ? myself : expectField("MSS option", mss, value(actual.mss()));
    }

    /** Checks the window scale option's shift count. */
    public SELF hasWindowScale(int shift) {
        Args.u8("window scale", shift);
        return skip() ? myself : expectField("window scale option", shift, value(actual.windowScale()));
    }

    /** Checks that the SACK-permitted option is present. */
    public SELF hasSackPermitted() {
        return skip() ? myself : expectField("SACK-permitted option", "present", actual.sackPermitted() ? "present" : ABSENT);
    }

    /** Checks the timestamps option: the sender's value and the echoed reply. */
    public SELF hasTimestamps(long value, long echoReply) {
        TcpOption.Timestamps expected = new TcpOption.Timestamps(Args.u32("timestamp value", value),
                Args.u32("timestamp echo reply", echoReply));
        if (skip()) {
            return myself;
        }
        Optional<TcpOption.Timestamps> found = actual.timestamps();
        return expectField("timestamps option", show(expected), found.map(AbstractTcpAssert::show).orElse(ABSENT));
    }

    /** Checks that the header carries no options at all, not even padding. */
    public SELF hasNoOptions() {
        if (skip() || actual.options().isEmpty()) {
            return myself;
        }
        throw failure("Expecting " + label() + " of packet to have no options but had: " + actual.options());
    }

    private static Object value(OptionalInt option) {
        return option.isPresent() ? (Object) option.getAsInt() : ABSENT;
    }

    private static String show(TcpOption.Timestamps timestamps) {
        return "value " + timestamps.value() + ", echo reply " + timestamps.echoReply();
    }
}
