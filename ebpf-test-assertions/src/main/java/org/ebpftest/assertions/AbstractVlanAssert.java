package org.ebpftest.assertions;

import org.ebpftest.packet.Vlan;

/**
 * Checks of an 802.1Q or 802.1ad VLAN tag.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractVlanAssert<SELF extends AbstractVlanAssert<SELF>> extends AbstractLayerAssert<SELF, Vlan> {

    /** Creates an assertion on a VLAN tag. */
    protected AbstractVlanAssert(Vlan actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the 12-bit VLAN identifier. */
    public SELF hasId(int id) {
        Args.range("VLAN id", id, 0, 0xfff);
        return skip() ? myself : expectField("VLAN id", id, actual.id());
    }

    /** Checks the 3-bit priority code point. */
    public SELF hasPriority(int priority) {
        Args.range("priority", priority, 0, 7);
        return skip() ? myself : expectField("priority", priority, actual.priority());
    }

    /** Checks the tag protocol identifier that announced the tag: 0x8100, 0x88a8 or 0x9100. */
    public SELF hasTpid(int tpid) {
        Args.u16("TPID", tpid);
        return skip() ? myself : expectField("TPID", Names.etherType(tpid), Names.etherType(actual.tpid()));
    }

    /** Checks the EtherType after the tag. */
    public SELF hasEtherType(int etherType) {
        Args.u16("EtherType", etherType);
        return skip() ? myself : expectField("ethertype", Names.etherType(etherType), Names.etherType(actual.etherType()));
    }
}
