package org.ebpftest.assertions;

import org.ebpftest.packet.Ethernet;
import org.ebpftest.packet.MacAddress;

/**
 * Checks of an Ethernet II header: addresses and EtherType.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractEthernetAssert<SELF extends AbstractEthernetAssert<SELF>>
        extends AbstractLayerAssert<SELF, Ethernet> {

    /** Creates an assertion on an Ethernet header. */
    protected AbstractEthernetAssert(Ethernet actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the source MAC address, written like {@code 02:00:00:00:00:01}. */
    public SELF hasSource(String mac) {
        return hasSource(MacAddress.of(Args.notNull("source MAC", mac)));
    }

    /** Checks the source MAC address. */
    public SELF hasSource(MacAddress mac) {
        Args.notNull("source MAC", mac);
        return skip() ? myself : expectField("source", mac, actual.source());
    }

    /** Checks the destination MAC address, written like {@code 02:00:00:00:00:02}. */
    public SELF hasDestination(String mac) {
        return hasDestination(MacAddress.of(Args.notNull("destination MAC", mac)));
    }

    /** Checks the destination MAC address. */
    public SELF hasDestination(MacAddress mac) {
        Args.notNull("destination MAC", mac);
        return skip() ? myself : expectField("destination", mac, actual.destination());
    }

    /**
     * Checks the type field as sent: the payload's EtherType, or a VLAN TPID when a tag follows;
     * see {@code EtherType} for the constants.
     */
    public SELF hasEtherType(int etherType) {
        Args.u16("EtherType", etherType);
        return skip() ? myself : expectField("ethertype", Names.etherType(etherType), Names.etherType(actual.etherType()));
    }
}
