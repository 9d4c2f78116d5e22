package org.ebpftest.packet;

/** A header that always carries a checksum the parser verifies: TCP, UDP, ICMP and ICMPv6 (GRE's is optional). */
public interface Checksummed {

    /** The checksum as sent. */
    int checksum();

    /** The checksum the header should carry, or -1 when it cannot be computed. */
    int computedChecksum();

    /** Whether the checksum verifies, is absent, or cannot be checked. */
    ChecksumStatus checksumStatus();

    /** Shorthand for {@code checksumStatus() == VALID}. */
    default boolean checksumValid() {
        return checksumStatus() == ChecksumStatus.VALID;
    }
}
