package org.ebpftest.packet;

/** A checksum verdict the parser computes for a layer, which needs context such as the enclosing IP header. */
record Checked(ChecksumStatus status, int computed) {

    static final Checked UNVERIFIABLE = new Checked(ChecksumStatus.UNVERIFIABLE, -1);

    static final Checked ABSENT = new Checked(ChecksumStatus.ABSENT, -1);

    /** Verdict given the value the field should hold and whether the covered data verifies. */
    static Checked of(int computed, boolean verifies) {
        return new Checked(verifies ? ChecksumStatus.VALID : ChecksumStatus.INVALID, computed);
    }
}
