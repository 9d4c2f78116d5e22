package org.ebpftest.assertions;

import org.assertj.core.api.SoftAssertionsProvider;
import org.ebpftest.assertions.packet.Packet;
import org.ebpftest.runtime.linux.RunResult;

/**
 * The soft variants of the {@link EbpfAssertions} entry points, for any AssertJ soft-assertion
 * class: a failure is collected and the chain goes on. The header assertions a packet assertion
 * navigates to are soft as well.
 *
 * <p>When a navigation step finds no such header, that one failure is collected and the checks on
 * the missing header are skipped.
 */
public interface EbpfSoftAssertionsProvider extends SoftAssertionsProvider {

    /** Soft assertions on a parsed packet. */
    default PacketAssert assertThat(Packet actual) {
        PacketAssert assertion = proxy(PacketAssert.class, Packet.class, actual);
        AbstractPacketAssert.useNested(assertion, NestedAsserts.soft(this));
        return assertion;
    }

    /** Soft assertions on a frame that starts with an Ethernet header. */
    default PacketAssert assertThatFrame(byte[] frame) {
        return assertThat(frame == null ? null : Packet.parse(frame));
    }

    /** Soft assertions on a bare IPv4 or IPv6 datagram. */
    default PacketAssert assertThatDatagram(byte[] datagram) {
        return assertThat(datagram == null ? null : Packet.parseIp(datagram));
    }

    /**
     * Soft assertions on the value a program of {@code family} returned in r0.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    default ReturnCodeAssert assertThatReturnCode(long r0, ProgramFamily family) {
        Args.notNull("program family", family);
        ReturnCodeAssert assertion = proxy(ReturnCodeAssert.class, Long.class, r0);
        AbstractReturnCodeAssert.useFamily(assertion, family);
        return assertion;
    }

    /** Soft assertions on what a program run produced, its return value read as a plain number. */
    default RunResultAssert assertThat(RunResult actual) {
        RunResultAssert assertion = proxy(RunResultAssert.class, RunResult.class, actual);
        AbstractRunResultAssert.configure(assertion, null, NestedAsserts.soft(this));
        return assertion;
    }

    /**
     * Soft assertions on what a run of a program of {@code family} produced.
     *
     * @throws IllegalArgumentException if {@code family} is null
     */
    default RunResultAssert assertThat(RunResult actual, ProgramFamily family) {
        Args.notNull("program family", family);
        RunResultAssert assertion = proxy(RunResultAssert.class, RunResult.class, actual);
        AbstractRunResultAssert.configure(assertion, family, NestedAsserts.soft(this));
        return assertion;
    }
}
