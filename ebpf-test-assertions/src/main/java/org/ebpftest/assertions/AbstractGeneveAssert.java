package org.ebpftest.assertions;

import java.util.Arrays;
import java.util.List;
import org.ebpftest.packet.Geneve;

/**
 * Checks of a GENEVE header: the network identifier, the protocol type and the options.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractGeneveAssert<SELF extends AbstractGeneveAssert<SELF>>
        extends AbstractLayerAssert<SELF, Geneve> {

    /** Creates an assertion on a GENEVE header. */
    protected AbstractGeneveAssert(Geneve actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks the 24-bit virtual network identifier. */
    public SELF hasVni(int vni) {
        Args.range("VNI", vni, 0, 0xffffff);
        return skip() ? myself : expectField("VNI", vni, actual.vni());
    }

    /** Checks the EtherType of the payload, 0x6558 for Ethernet. */
    public SELF hasProtocolType(int protocolType) {
        Args.u16("protocol type", protocolType);
        return skip() ? myself
                : expectField("protocol type", Names.etherType(protocolType), Names.etherType(actual.protocolType()));
    }

    /** Checks the options, exactly and in order; no arguments means no options. */
    public SELF hasOptions(Geneve.Option... options) {
        Args.notNull("options", options);
        List<Geneve.Option> expected = Arrays.asList(options);
        expected.forEach(o -> Args.notNull("option", o));
        return skip() ? myself : expectField("options", expected, actual.options());
    }
}
