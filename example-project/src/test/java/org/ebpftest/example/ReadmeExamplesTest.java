package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.example.bpf.TcNat;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.Test;

/**
 * The README's "Your first test" shows {@link FirstTest} as it is, and the failure it quotes is the
 * one a wrong expectation about the NAT's rewrite really prints.
 */
@BpfObject("tc_nat.o")
class ReadmeExamplesTest {
    @ObjectProgram("tc_snat") BpfProgram snat;
    TcNat nat;

    private static String block(String readme, String heading, String fence) {
        int section = readme.indexOf(heading);
        int start = readme.indexOf(fence, section) + fence.length();
        return readme.substring(start, readme.indexOf("\n```", start) + 1);
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("../README.md"));
    }

    @Test
    void theFirstTestInTheReadmeIsFirstTestAsItIs() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/ebpftest/example/FirstTest.java"));

        assertThat(block(readme(), "## Your first test", "```java\n")).isEqualTo(source);
    }

    @Test
    void theFailureInTheReadmeIsWhatAWrongRewriteClaimPrints() throws IOException {
        nat.config().put(0, Nat.standardConfig());
        RunResult result = snat.run(Nat.tcp("10.0.0.5", 40000, Nat.REMOTE, 443, TcpFlag.SYN));
        byte[] wrongPort = Nat.tcp(Nat.EXTERNAL, 20001, Nat.REMOTE, 443, TcpFlag.SYN);   // the NAT picks 20088

        Throwable failure = catchThrowable(() -> assertThat(result).hasPacket(wrongPort));

        assertThat(block(readme(), "A wrong expectation fails", "```\n")).isEqualTo(failure.getMessage().strip() + "\n");
    }
}
