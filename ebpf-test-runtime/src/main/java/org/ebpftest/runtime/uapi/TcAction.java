package org.ebpftest.runtime.uapi;

/** The verdicts of a TC classifier or action program, the {@code TC_ACT_*} values of {@code include/uapi/linux/pkt_cls.h}. */
public enum TcAction implements ReturnCode {
    /** Use the default action configured for the filter. */
    UNSPEC(-1),
    /** Let the packet continue. */
    OK(0),
    /** Classify the packet again from the start. */
    RECLASSIFY(1),
    /** Drop the packet. */
    SHOT(2),
    /** Continue with the next action. */
    PIPE(3),
    /** The program consumed the packet. */
    STOLEN(4),
    /** The packet was queued for later. */
    QUEUED(5),
    /** Run the action again. */
    REPEAT(6),
    /** Send the packet to the target chosen with a redirect helper. */
    REDIRECT(7),
    /** Trap to the CPU in hardware offload; in software the same as {@link #STOLEN}. */
    TRAP(8);

    private final int value;

    TcAction(int value) {
        this.value = value;
    }

    @Override
    public ReturnCodes family() {
        return ReturnCodes.TC;
    }

    @Override
    public long value() {
        return value;
    }

    /** {@code TC_ACT_} and the constant's name, as in the kernel header. */
    @Override
    public String symbol() {
        return "TC_ACT_" + name();
    }

    /** {@code TC_ACT_SHOT (2)}. */
    @Override
    public String toString() {
        return describe();
    }
}
