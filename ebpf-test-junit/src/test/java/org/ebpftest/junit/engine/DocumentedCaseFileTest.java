package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** JUNIT.md shows this module's flows/count.json as the example case file: keep them in step. */
class DocumentedCaseFileTest {

    @Test
    void theFixtureEngineSectionShowsTheCaseFileThatSurefireRuns() throws IOException {
        String doc = Files.readString(Path.of("JUNIT.md"));
        int section = doc.indexOf("### Fixture engine");
        int start = doc.indexOf("```json\n", section) + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        String file = Files.readString(Path.of("src/test/resources/ebpf-fixtures/flows/count.json"));

        assertThat(section).isNotNegative();
        assertThat(example.strip()).isEqualTo(file.strip());
    }
}
