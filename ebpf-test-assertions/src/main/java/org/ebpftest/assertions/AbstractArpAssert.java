package org.ebpftest.assertions;

import java.util.Arrays;
import org.ebpftest.packet.Arp;
import org.ebpftest.packet.IpAddress;
import org.ebpftest.packet.MacAddress;

/**
 * Checks of an ARP packet: operation and the four addresses.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractArpAssert<SELF extends AbstractArpAssert<SELF>> extends AbstractLayerAssert<SELF, Arp> {

    /** Creates an assertion on an ARP packet. */
    protected AbstractArpAssert(Arp actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Checks that the operation is a request (1). */
    public SELF isRequest() {
        return hasOperation(Arp.REQUEST);
    }

    /** Checks that the operation is a reply (2). */
    public SELF isReply() {
        return hasOperation(Arp.REPLY);
    }

    /** Checks the operation code. */
    public SELF hasOperation(int operation) {
        Args.u16("ARP operation", operation);
        return skip() ? myself : expectField("operation", operation(operation), operation(actual.operation()));
    }

    /** Checks the sender hardware address, written like {@code 02:00:00:00:00:01}. */
    public SELF hasSenderMac(String mac) {
        byte[] expected = MacAddress.of(Args.notNull("sender MAC", mac)).bytes();
        return skip() ? myself : expectAddress("sender MAC", expected, actual.senderHardwareAddress());
    }

    /** Checks the target hardware address. */
    public SELF hasTargetMac(String mac) {
        byte[] expected = MacAddress.of(Args.notNull("target MAC", mac)).bytes();
        return skip() ? myself : expectAddress("target MAC", expected, actual.targetHardwareAddress());
    }

    /** Checks the sender protocol address, written like {@code 10.0.0.1}. */
    public SELF hasSenderIp(String address) {
        byte[] expected = IpAddress.of(Args.notNull("sender IP", address)).bytes();
        return skip() ? myself : expectAddress("sender IP", expected, actual.senderProtocolAddress());
    }

    /** Checks the target protocol address. */
    public SELF hasTargetIp(String address) {
        byte[] expected = IpAddress.of(Args.notNull("target IP", address)).bytes();
        return skip() ? myself : expectAddress("target IP", expected, actual.targetProtocolAddress());
    }

    private SELF expectAddress(String field, byte[] expected, byte[] found) {
        if (Arrays.equals(expected, found)) {
            return myself;
        }
        return expectField(field, address(expected), address(found));
    }

    private static String address(byte[] bytes) {
        if (bytes.length == 6) {
            return MacAddress.of(bytes).toString();
        }
        if (bytes.length == 4 || bytes.length == 16) {
            return IpAddress.of(bytes).toString();
        }
        return Names.hex(bytes);
    }

    private static String operation(int operation) {
        return operation == Arp.REQUEST ? "1 (request)" : operation == Arp.REPLY ? "2 (reply)" : String.valueOf(operation);
    }
}
