package org.ebpftest.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.runtime.isa.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every vector of the bpf_conformance suite (pre-assembled in {@code ../shared/conformance})
 * in-process. Skipped, with a message, where the shared folder is absent.
 */
class ConformanceVectorsTest {

    static Path vectorsFile() {
        String dir = System.getProperty("ebpftest.shared.dir", "../../shared");
        return Path.of(dir, "conformance", "bpf_conformance_vectors.json");
    }

    static List<JsonNode> vectors() throws IOException {
        Path file = vectorsFile();
        assumeTrue(Files.isRegularFile(file), "bpf_conformance vectors not found at " + file.toAbsolutePath() + "; skipping the conformance suite");
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).forEach(out::add);
        return out;
    }

    static long expected(JsonNode vector) {
        String text = vector.get("result").asText().trim();
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    @TestFactory
    Stream<DynamicTest> everyVectorGivesItsExpectedResult() throws IOException {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            byte[] program = Hex.parse(v.get("program").asText());
            byte[] memory = Hex.parse(v.get("memory").asText());

            long r0 = ConformanceRunner.run(program, memory);

            assertThat(r0).as("r0 of %s", v.get("name").asText()).isEqualTo(expected(v));
        }));
    }

    @Test
    void suiteHasAllVectors() throws IOException {
        assertThat(vectors()).hasSize(313);
    }
}
