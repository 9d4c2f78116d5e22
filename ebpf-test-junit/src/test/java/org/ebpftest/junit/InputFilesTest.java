package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.ReplayMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * {@link PacketFile} and {@link FixtureFile} inject frames and fixtures from files. The frames in
 * {@code src/test/resources/packets} are 60 bytes each: broadcast destination, source
 * {@code 00:00:00:00:00:0n} for frame n, IPv4 ethertype, payload bytes 0 to 45.
 */
class InputFilesTest {

    static byte[] frame(int n) {
        byte[] frame = new byte[60];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) 0xff;
        }
        frame[11] = (byte) n;
        frame[12] = 0x08;
        for (int i = 0; i < 46; i++) {
            frame[14 + i] = (byte) i;
        }
        return frame;
    }

    @Nested
    @BpfObject("programs.o")
    class WithAnObject {
        @PacketFile(value = "packets/two-frames.pcap", frame = 1) byte[] second;
        @FixtureFile(value = "fixtures/xdp_len.json", name = "long frame is dropped") BpfFixture longFrame;

        @Test
        void fieldsAreSetBeforeEachTest(@ObjectProgram("xdp_len") BpfProgram program) {
            assertThat(second).isEqualTo(frame(2));
            assertThat(program.run(second).retval()).isEqualTo(2);      // 61 bytes with add_one: XDP_PASS
            longFrame.check(program.run(longFrame), program.object());
        }

        @Test
        void parametersWorkAlongsideTheObjectsOwn(@ObjectProgram("xdp_len") BpfProgram program,
                @PacketFile("packets/frames.hex") List<byte[]> frames) {
            assertThat(frames).containsExactly(frame(4), frame(5));
            assertThat(frames).allSatisfy(f -> assertThat(program.run(f).retval()).isEqualTo(2));
        }
    }

    @Test
    void everyFrameOfACapture(@PacketFile("packets/two-frames.pcap") List<byte[]> frames) {
        assertThat(frames).containsExactly(frame(1), frame(2));
    }

    @Test
    void aBinaryFileIsOneFrame(@PacketFile("/packets/one-frame.bin") byte[] frame) {
        assertThat(frame).isEqualTo(frame(3));
    }

    @Test
    void aFileOnDisk(@PacketFile("file:src/test/resources/packets/frames.hex") List<byte[]> frames) {
        assertThat(frames).hasSize(2);
    }

    @Test
    void everyFixtureOfAGlob(@FixtureFile("fixtures/xdp_len*.json") List<BpfFixture> fixtures) {
        assertThat(fixtures).extracting(BpfFixture::name).startsWith("short frame passes", "long frame is dropped").hasSizeGreaterThan(2);
    }

    @Test
    void injectedFramesAreTheTestsOwnToChange(@PacketFile("packets/one-frame.bin") byte[] first, @PacketFile("packets/one-frame.bin") byte[] again) {
        first[0] = 0;
        assertThat(again).isEqualTo(frame(3));
    }

    @Nested
    @BpfObject("replay.o")
    class Contexts {
        @ContextFile(value = "contexts/captured_misc.json", name = "one clock read") BpfContext oneClockRead;

        @Test
        void aCapturedContextByName(@ObjectProgram("kprobe_sleep") BpfProgram sleep) {
            assertThat(oneClockRead.name()).isEqualTo("one clock read");
            assertThat(sleep.run(oneClockRead, ReplayMode.EMULATE).retval()).isEqualTo(1);
        }

        @Test
        void everyContextOfAGlob(@ContextFile("contexts/xdp_*.json") List<BpfContext> contexts) {
            assertThat(contexts).extracting(BpfContext::name).containsExactly("tcp frame", "long frame");
        }
    }

    @Test
    void severalContextsForOneAskWhichOne() {
        assertFails(SeveralContexts.class, "@ContextFile [contexts/xdp_md.json] on field [context] in [InputFilesTest.SeveralContexts]"
                + " is a BpfContext, but there are 2 contexts [tcp frame, long frame]; choose one with name = \"...\", or inject a List<BpfContext>");
    }

    @Fixture
    static class SeveralContexts {
        @ContextFile("contexts/xdp_md.json") BpfContext context;

        @Test
        void test() {
        }
    }

    // Mistakes

    private static void assertFails(Class<?> fixture, String message) {
        assertThat(Fixtures.onlyFailure(fixture)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(message);
    }

    private static void assertParameterFails(Class<?> fixture, String message) {
        assertThat(Fixtures.onlyFailure(fixture)).isInstanceOf(ParameterResolutionException.class).hasMessage(message);
    }

    @Test
    void severalFramesForOneByteArrayAskWhichOne() {
        assertParameterFails(SeveralFrames.class, "@PacketFile [packets/two-frames.pcap] on parameter [0] of [test(byte[])] in [InputFilesTest.SeveralFrames]"
                + " is a byte[], but the file holds 2 frames; choose one with frame = 0..1, or inject a List<byte[]>");
    }

    @Fixture
    static class SeveralFrames {
        @Test
        void test(@PacketFile("packets/two-frames.pcap") byte[] frame) {
        }
    }

    @Test
    void aFrameBeyondTheEndIsNamed() {
        assertFails(FrameBeyondTheEnd.class, "@PacketFile [packets/two-frames.pcap] on field [frame] in [InputFilesTest.FrameBeyondTheEnd]"
                + " asks for frame 2, but the file holds 2 frames (counting from 0)");
    }

    @Fixture
    static class FrameBeyondTheEnd {
        @PacketFile(value = "packets/two-frames.pcap", frame = 2) byte[] frame;

        @Test
        void test() {
        }
    }

    @Test
    void aMissingFileSaysWhereItWasLookedFor() {
        assertFails(MissingFile.class, "@PacketFile [syn.pcap] on field [syn] in [InputFilesTest.MissingFile] not found on the class path:"
                + " looked for [org/ebpftest/junit/syn.pcap] and [syn.pcap]; put the file in the test resources, or give a file with \"file:path/to/file\"");
    }

    @Fixture
    static class MissingFile {
        @PacketFile("syn.pcap") byte[] syn;

        @Test
        void test() {
        }
    }

    @Test
    void onlyEthernetCapturesAreTaken() {
        assertFails(RawIp.class, "@PacketFile [packets/raw-ip.pcap] on field [packet] in [InputFilesTest.RawIp]: frame 0 has link type 101,"
                + " but programs are handed Ethernet frames (link type 1)");
    }

    @Fixture
    static class RawIp {
        @PacketFile("packets/raw-ip.pcap") byte[] packet;

        @Test
        void test() {
        }
    }

    @Test
    void aFrameCutByTheSnapLengthIsRefused() {
        assertFails(Cut.class, "@PacketFile [packets/cut.pcap] on field [packet] in [InputFilesTest.Cut]: frame 0 was cut to 20 of its 60 bytes"
                + " when captured; capture it again with a larger snap length");
    }

    @Fixture
    static class Cut {
        @PacketFile("packets/cut.pcap") byte[] packet;

        @Test
        void test() {
        }
    }

    @Test
    void theTypeMustFit() {
        assertFails(WrongType.class, "@PacketFile [packets/one-frame.bin] on field [packet] in [InputFilesTest.WrongType]"
                + " must be of type byte[] (one frame) or List<byte[]> (every frame), but is [String]");
    }

    @Fixture
    static class WrongType {
        @PacketFile("packets/one-frame.bin") String packet;

        @Test
        void test() {
        }
    }

    @Test
    void aFinalFieldIsRefused() {
        assertFails(FinalField.class, "@PacketFile field [packet] in [InputFilesTest.FinalField] must not be final");
    }

    @Fixture
    static class FinalField {
        @PacketFile("packets/one-frame.bin") final byte[] packet = null;

        @Test
        void test() {
        }
    }

    @Test
    void aMissingFileOnDiskSaysWhereRelativePathsStart() {
        assertParameterFails(MissingFileOnDisk.class, "@PacketFile [file:no/such.hex] on parameter [0] of [test(byte[])] in [InputFilesTest.MissingFileOnDisk]"
                + " not found: there is no file [" + Path.of("no/such.hex").toAbsolutePath() + "]; relative file paths resolve against the working directory");
    }

    @Fixture
    static class MissingFileOnDisk {
        @Test
        void test(@PacketFile("file:no/such.hex") byte[] frame) {
        }
    }

    @Test
    void aBadHexLineIsNamed() {
        assertParameterFails(BadHex.class, "@PacketFile [packets/bad.hex] on parameter [0] of [test(byte[])] in [InputFilesTest.BadHex]: line 3:"
                + " not a hex digit at index 2: 'x' in \"00x1 \"");
    }

    @Fixture
    static class BadHex {
        @Test
        void test(@PacketFile("packets/bad.hex") byte[] frame) {
        }
    }

    @Test
    void severalFixturesForOneAskWhichOne() {
        assertFails(SeveralFixtures.class, "@FixtureFile [fixtures/xdp_len.json] on field [fixture] in [InputFilesTest.SeveralFixtures]"
                + " is a BpfFixture, but there are 2 fixtures [short frame passes, long frame is dropped];"
                + " choose one with name = \"...\", or inject a List<BpfFixture>");
    }

    @Fixture
    static class SeveralFixtures {
        @FixtureFile("fixtures/xdp_len.json") BpfFixture fixture;

        @Test
        void test() {
        }
    }

    @Test
    void anUnknownFixtureNameListsTheNames() {
        assertFails(UnknownFixture.class, "@FixtureFile [fixtures/xdp_len.json] on field [fixture] in [InputFilesTest.UnknownFixture]"
                + " names fixture [short], but the file has [short frame passes, long frame is dropped]");
    }

    @Fixture
    static class UnknownFixture {
        @FixtureFile(value = "fixtures/xdp_len.json", name = "short") BpfFixture fixture;

        @BeforeEach
        void nothing() {
        }

        @Test
        void test() {
        }
    }

}
