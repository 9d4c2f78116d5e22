package org.ebpftest.runtime.uapi;

/** The verdicts of an XDP program, {@code enum xdp_action} in {@code include/uapi/linux/bpf.h}. */
public enum XdpAction implements ReturnCode {
    /** The program failed; the packet is dropped and the {@code xdp_exception} tracepoint fires. */
    ABORTED(0),
    /** Drop the packet. */
    DROP(1),
    /** Pass the packet on to the network stack. */
    PASS(2),
    /** Send the packet back out of the interface it arrived on. */
    TX(3),
    /** Send the packet to the target chosen with a redirect helper. */
    REDIRECT(4);

    private final int value;

    XdpAction(int value) {
        this.value = value;
    }

    @Override
    public ReturnCodes family() {
        return ReturnCodes.XDP;
    }

    @Override
    public long value() {
        return value;
    }

    /** {@code XDP_} and the constant's name, as in the kernel header. */
    @Override
    public String symbol() {
        return "XDP_" + name();
    }

    /** {@code XDP_DROP (1)}. */
    @Override
    public String toString() {
        return describe();
    }
}
