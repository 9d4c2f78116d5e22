package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/** unchecked_read.c: verification at load, and opting out of it. */
class LoadVerificationTest {

    private static ObjectSpec spec() throws IOException {
        try (InputStream in = LoadVerificationTest.class.getResourceAsStream("/elf/unchecked_read.o")) {
            return ObjectSpec.parse("unchecked_read.o", in.readAllBytes());
        }
    }

    @Test
    void loadRefusesAProgramLinuxRefusesWithTheKernelsReasonAtTheCLine() throws IOException {
        ObjectSpec spec = spec();

        assertThatThrownBy(() -> LoadedObject.load(spec))
                .isInstanceOf(VerifierException.class)
                .hasMessageContaining("unchecked_read.o: program drop_udp_unchecked refused by the verifier: "
                        + "invalid access to packet, off=23 size=1, R1(id=0,off=23,r=0)")
                .hasMessageContaining("at pc 1 (r1 = *(u8 *)(r1 + 0x17)) [unchecked_read.c:14")
                .satisfies(e -> assertThat(((VerifierException) e).sourceLine().line()).isEqualTo(14));
    }

    @Test
    void loaderOptionTurnsVerificationOff() throws IOException {
        LoadedObject object = LoadedObject.loader(spec()).verify(false).load();

        assertThat(object.run("drop_udp_checked", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
        assertThat(object.verify("drop_udp_unchecked").accepted()).isFalse();
        assertThat(object.verify("drop_udp_checked").accepted()).isTrue();
    }

    @Test
    void systemPropertyTurnsVerificationOff() throws IOException {
        ObjectSpec spec = spec();
        String before = System.getProperty(Verifier.PROPERTY);
        System.setProperty(Verifier.PROPERTY, "off");
        try {
            assertThat(LoadedObject.load(spec).programNames()).contains("drop_udp_unchecked");
        } finally {
            if (before == null) {
                System.clearProperty(Verifier.PROPERTY);
            } else {
                System.setProperty(Verifier.PROPERTY, before);
            }
        }
    }
}
