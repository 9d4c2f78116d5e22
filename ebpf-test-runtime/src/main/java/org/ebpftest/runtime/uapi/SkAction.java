package org.ebpftest.runtime.uapi;

/**
 * The verdicts of socket-map and socket-lookup programs ({@code sk_skb}, {@code sk_msg},
 * {@code sk_reuseport}, {@code sk_lookup}), {@code enum sk_action} in {@code include/uapi/linux/bpf.h}.
 */
public enum SkAction implements ReturnCode {
    /** Drop the packet or message, or refuse the socket. */
    DROP(0),
    /** Let it through. */
    PASS(1);

    private final int value;

    SkAction(int value) {
        this.value = value;
    }

    @Override
    public ReturnCodes family() {
        return ReturnCodes.SK;
    }

    @Override
    public long value() {
        return value;
    }

    /** {@code SK_} and the constant's name, as in the kernel header. */
    @Override
    public String symbol() {
        return "SK_" + name();
    }

    /** {@code SK_PASS (1)}. */
    @Override
    public String toString() {
        return describe();
    }
}
