package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    @Test
    void parsesAndPrintsMacAddressesInLowerCase() {
        MacAddress mac = MacAddress.of("AA-bb-0C-dd-ee-0F");

        assertThat(mac.toString()).isEqualTo("aa:bb:0c:dd:ee:0f");
        assertThat(mac.bytes()).containsExactly(0xaa, 0xbb, 0x0c, 0xdd, 0xee, 0x0f);
        assertThat(mac).isEqualTo(MacAddress.of(Hex.bytes("aabb0cddee0f")));
        assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa:bb:cc:dd:ee:fg", "aaa:bb:cc:dd:ee:f"})
    void rejectsMalformedMacAddresses(String text) {
        assertThatThrownBy(() -> MacAddress.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a MAC address");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    })
    void printsIpAddressesInCanonicalForm(String text, String canonical) {
        assertThat(IpAddress.of(text).toString()).isEqualTo(canonical);
    }

    @Test
    void keepsIpv4MappedIpv6AddressesAsSixteenBytes() {
        IpAddress mapped = IpAddress.of("::ffff:10.0.0.1");

        assertThat(mapped.isIpv4()).isFalse();
        assertThat(mapped.bytes()).hasSize(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "10.0.0", "10.0.0.256", "1.2.3.4.5", "10.0.0.-1",
        "1:2", "2001:db8::1::2", "fe80::1%eth0", "0x0a.0.0.1", " 10.0.0.1"})
    void rejectsHostNamesAndMalformedLiteralsWithoutResolving(String text) {
        assertThatThrownBy(() -> IpAddress.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim().isEmpty() ? "" : "not an IP");
    }

    @Test
    void rejectsAddressBytesOfTheWrongLength() {
        assertThatThrownBy(() -> IpAddress.of(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an IP address has 4 or 16 bytes but 5 were given");
    }
}
