package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** Frames for {@code bpf/recorder.o}, and golden fixtures run against a temporary directory. */
final class GoldenSupport {
    /** The frame length every test uses: the shortest Ethernet frame with its FCS left out, plus four. */
    static final int FRAME_LENGTH = 64;

    private GoldenSupport() {
    }

    /**
     * A frame of the local experimental EtherType 0x88b5 from 02:00:00:00:00:01 to
     * 02:00:00:00:00:02 whose payload starts with what recorder.c reads: an operation (0 count,
     * 1 forget, 2 bounce, 3 redirect) and a key.
     */
    static byte[] frame(int op, int key) {
        byte[] frame = new byte[FRAME_LENGTH];
        byte[] head = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, (byte) 0x88, (byte) 0xb5, (byte) op, (byte) key};
        System.arraycopy(head, 0, frame, 0, head.length);
        return frame;
    }

    /** Runs a fixture class with golden files in a directory, updating them or not. */
    static EngineExecutionResults run(Class<?> fixture, Path directory, boolean update) {
        return Fixtures.run(fixture, Map.of(Golden.DIRECTORY_PARAMETER, directory.toString(), Golden.UPDATE_PARAMETER, Boolean.toString(update)));
    }

    /** The one failure, of a test or a container, of a fixture run with more configuration parameters. */
    static Throwable onlyFailure(Class<?> fixture, Map<String, String> configuration) {
        List<Throwable> failures = Fixtures.run(fixture, configuration).allEvents().failed().stream()
                .flatMap(e -> e.getPayload(TestExecutionResult.class).stream())
                .flatMap(r -> r.getThrowable().stream())
                .toList();
        assertThat(failures).as("failures").hasSize(1);
        return failures.get(0);
    }

    /** Where a fixture class's golden file of that name lies. */
    static Path file(Path directory, Class<?> fixture, String name) {
        return directory.resolve(fixture.getName().replace('$', '.')).resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of one top-level property of a golden file, from its key to the line before the next one. */
    static String section(String json, String key) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : json.split("\n")) {
            if (line.startsWith("  \"")) {
                in = line.startsWith("  \"" + key + "\": ");
            }
            if (in) {
                out.add(line);
            }
        }
        assertThat(out).as("property [" + key + "] in\n" + json).isNotEmpty();
        return String.join("\n", out) + "\n";
    }

    /** The values of the report entries the run published under the key {@code golden}. */
    static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(Event::getPayload)
                .flatMap(p -> p.stream())
                .map(p -> ((ReportEntry) p).getKeyValuePairs().get("golden"))
                .toList();
    }

    /** Every file under a directory, relative to it, sorted. */
    static List<String> files(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).map(p -> directory.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
