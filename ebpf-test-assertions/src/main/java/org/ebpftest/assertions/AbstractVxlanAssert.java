package org.ebpftest.assertions;

import org.ebpftest.packet.Vxlan;

/**
 * Checks of a VXLAN header: the network identifier and the flags.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractVxlanAssert<SELF extends AbstractVxlanAssert<SELF>> extends AbstractLayerAssert<SELF, Vxlan> {

    /** Creates an assertion on a VXLAN header. */
    protected AbstractVxlanAssert(Vxlan actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the 24-bit VXLAN network identifier. */
    public SELF hasVni(int vni) {
        Args.range("VNI", vni, 0, 0xffffff);
        return skip() ? myself : expectField("VNI", vni, actual.vni());
    }

    /** Checks the flags byte; 0x08 (the I flag) marks a valid VNI. */
    public SELF hasFlags(int flags) {
        Args.u8("flags", flags);
        return skip() ? myself : expectField("flags", String.format("0x%02x", flags), String.format("0x%02x", actual.flags()));
    }
}
