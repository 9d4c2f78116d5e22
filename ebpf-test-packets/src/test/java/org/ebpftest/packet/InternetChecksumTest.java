package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    /** The four-word example of RFC 1071 section 3. */
    @Test
    void sumsTheRfc1071ExampleToDdf2() {
        byte[] data = Hex.bytes("00 01 f2 03 f4 f5 f6 f7");

        int sum = InternetChecksum.sum(data, 0, data.length);

        assertThat(sum).isEqualTo(0xddf2);
        assertThat(InternetChecksum.checksum(data, 0, data.length)).isEqualTo(0x220d);
    }

    @Test
    void padsAnOddTrailingByteWithZero() {
        byte[] odd = Hex.bytes("12 34 56");

        assertThat(InternetChecksum.sum(odd, 0, 3)).isEqualTo(0x1234 + 0x5600);
    }

    /** Header worked out by hand: 4500+0028+0000+4000+4006+0a00+0001+0a00+0063 = d992, complement 266d. */
    @Test
    void computesAnIpv4HeaderChecksumIgnoringTheCurrentField() {
        byte[] header = Hex.bytes("4500 0028 0000 4000 4006 ffff 0a00 0001 0a00 0063");

        assertThat(InternetChecksum.ipv4HeaderChecksum(header, 0, 20)).isEqualTo(0x266d);
    }

    @Test
    void aBlockContainingItsChecksumVerifies() {
        byte[] header = Hex.bytes("4500 0028 0000 4000 4006 266d 0a00 0001 0a00 0063");

        assertThat(InternetChecksum.verifies(header, 0, 20)).isTrue();
        header[8] = 0x3f;
        assertThat(InternetChecksum.verifies(header, 0, 20)).isFalse();
    }

    @Test
    void incrementalUpdateOfTtlMatchesRecomputation() {
        byte[] header = Hex.bytes("4500 0028 0000 4000 4006 266d 0a00 0001 0a00 0063");
        int oldWord = Bytes.u16(header, 8);
        header[8] = 0x3f;

        int updated = InternetChecksum.update(0x266d, oldWord, Bytes.u16(header, 8));

        assertThat(updated).isEqualTo(InternetChecksum.ipv4HeaderChecksum(header, 0, 20)).isEqualTo(0x276d);
    }

    /**
     * The case RFC 1624 section 4 works through: HC = dd2f, m = 5555 becomes m' = 3285. Equation 3
     * gives ~(22d0 + aaaa + 3285) = ~ffff = 0000, where the older equation 2 gave ffff.
     */
    @Test
    void incrementalUpdateGivesZeroRatherThanFfffInTheRfc1624Example() {
        assertThat(InternetChecksum.update(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Test
    void incrementalUpdatesAgreeWithFullRecomputationOnRandomData() {
        Random random = new Random(1624);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[4 * (5 + random.nextInt(10))];
            random.nextBytes(data);
            data[0] |= 1; // never all zero, where 0x0000 and 0xffff both verify
            int before = InternetChecksum.checksum(data, 0, data.length);
            int word = 2 * random.nextInt(data.length / 2);
            long oldValue = Bytes.u32(data, word - word % 4);
            int oldWord = Bytes.u16(data, word);
            int newWord = random.nextInt(0x10000);
            Bytes.put16(data, word, newWord);

            int after = InternetChecksum.update(before, oldWord, newWord);

            assertThat(after).as("round %d", round).isEqualTo(InternetChecksum.checksum(data, 0, data.length));
            int aligned = word - word % 4;
            assertThat(InternetChecksum.update32(before, oldValue, Bytes.u32(data, aligned)))
                    .as("round %d, 32-bit form", round).isEqualTo(after);
        }
    }

    @Test
    void updatesOverAnIpv6AddressChange() {
        byte[] oldAddress = IpAddress.of("2001:db8::1").bytes();
        byte[] newAddress = IpAddress.of("2001:db8:ffff::42").bytes();
        byte[] block = Bytes.concat(oldAddress, Hex.bytes("0011 2233"));
        int before = InternetChecksum.checksum(block, 0, block.length);
        System.arraycopy(newAddress, 0, block, 0, 16);

        assertThat(InternetChecksum.update(before, oldAddress, newAddress))
                .isEqualTo(InternetChecksum.checksum(block, 0, block.length));
    }

    /** Pseudo-header 0a00+0001+0a00+0063+0006+0014 = 147e; header words 3039+0050+5002+ffff fold to 808b. */
    @Test
    void computesTheTcpChecksumOverTheIpv4PseudoHeader() {
        byte[] segment = Hex.bytes("3039 0050 00000000 00000000 5002 ffff 0000 0000");

        int checksum = InternetChecksum.transportChecksum(IpAddress.of("10.0.0.1").bytes(),
                IpAddress.of("10.0.0.99").bytes(), IpProtocol.TCP, segment, 0, segment.length, 16);

        assertThat(checksum).isEqualTo(0x6af6);
    }

    @Test
    void sendsAComputedUdpChecksumOfZeroAsFfff() {
        // Chosen so that pseudo-header plus data sum to ffff: 0x0000 would mean "no checksum".
        byte[] src = {0, 0, 0, 0};
        byte[] dst = {0, 0, 0, 0};
        byte[] segment = Hex.bytes("0000 0000 0008 0000");
        int pseudo = InternetChecksum.pseudoHeaderSum(src, dst, IpProtocol.UDP, 8);
        int rest = 0xffff - InternetChecksum.add(pseudo, 8);
        Bytes.put16(segment, 0, rest);

        assertThat(InternetChecksum.transportChecksum(src, dst, IpProtocol.UDP, segment, 0, 8, 6)).isEqualTo(0xffff);
    }

    @Test
    void rejectsMixedAddressFamiliesInAPseudoHeader() {
        assertThatThrownBy(() -> InternetChecksum.pseudoHeaderSum(new byte[4], new byte[16], 6, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 and 16");
    }
}
