package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.fuzz.Fuzzing;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapJson;
import org.junit.jupiter.api.Test;

/**
 * JSON-input fuzzer: the project's real fixtures, case files, mimic/edb context files and map
 * contents (as {@code --maps-in} reads them) are corrupted (see {@link JsonMutator}) and read
 * again; contexts that still read are also run on a program, with a small instruction budget.
 * Bad input may only give the project's exceptions ({@link FixtureFormatException}, the case
 * file and context format errors, {@link IllegalArgumentException} naming the input, ...).
 * 3,000 cases in the normal build; long runs with {@code -Debpftest.fuzz.cases=N -Debpftest.fuzz.seed=S}.
 */
class JsonFuzzTest {
    private static final long SEED = 20240602L;
    private static final long CASES = 3_000;
    private static final long TIME_LIMIT_MILLIS = 5_000;
    private static final long INSTRUCTION_BUDGET = 20_000;
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path RUNTIME_OBJECTS = ROOT.resolve("ebpf-test-runtime/src/test/resources/elf");

    /** One valid input and the reader it goes to. */
    private record Input(String kind, String name, String json) {
    }

    @Test
    void mutatedJsonInputsReadOrFailOnlyWithTheProjectsExceptions() {
        // given every committed fixture, case file, context file and map contents, a fixed seed and a bounded count
        List<Input> inputs = inputs();
        Fuzzing fuzzing = Fuzzing.of("JSON fuzz", SEED, CASES, TIME_LIMIT_MILLIS);

        // when each case corrupts one input and reads it with its reader
        Fuzzing.Result result = fuzzing.run((random, mutation) -> {
            Input input = inputs.get(random.nextInt(inputs.size()));
            mutation.append(input.kind()).append(' ').append(input.name()).append(": ");
            String json = JsonMutator.mutate(input.json(), random, mutation);
            try {
                return input.kind() + " " + read(input, json);
            } catch (IllegalArgumentException e) {
                // an IllegalArgumentException is an answer to bad input only when it says which input
                String name = input.kind().equals("maps") ? input.name().substring(input.name().indexOf(':') + 1) : input.name();
                if (e.getMessage() == null || !e.getMessage().contains(name)) {
                    throw new AssertionError("IllegalArgumentException that does not name [" + name + "]: " + e.getMessage(), e);
                }
                throw e;
            }
        }, Fuzzing::isDomainError);

        // then nothing but the project's exceptions comes out, and every reader is reached
        assertThat(result.failureCount()).as(result::failureReport).isZero();
        assertThat(inputs).extracting(Input::kind).contains("fixture", "case file", "context", "maps");
        if (fuzzing.cases() >= CASES) {
            assertThat(result.outcomes()).containsKeys("fixture read", "case file read", "context ran", "maps read",
                    "refused: FixtureFormatException", "refused: ContextFormatException", "refused: IllegalArgumentException");
        }
    }

    private static String read(Input input, String json) {
        switch (input.kind()) {
            case "fixture" -> FixtureReader.read(FixtureReader.parse(input.name(), json));
            case "case file" -> BpfFixtureFile.parse(input.name(), json);
            case "context" -> {
                List<BpfContext> contexts = Contexts.parse(input.name(), json);
                boolean kprobe = input.name().contains("kprobe") || input.name().contains("captured");
                LoadedObject object = load(kprobe ? "replay.o" : "programs.o");
                String program = kprobe ? "kprobe_sleep" : input.name().contains("sk_buff") ? "tc_mark" : "xdp_len";
                for (BpfContext c : contexts) {
                    c.runOn(object, program);
                }
                return "ran";
            }
            default -> {
                String[] at = input.name().split(":");
                BpfMap map = BpfMaps.create(load(at[0]).map(at[1]).definition());
                MapJson.read(map, json);
            }
        }
        return "read";
    }

    private static LoadedObject load(String object) {
        return LoadedObject.loader(ObjectSpec.parse(object, bytes(RUNTIME_OBJECTS.resolve(object)))).instructionLimit(INSTRUCTION_BUDGET).load();
    }

    private static List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        for (Path p : jsonFiles()) {
            String rel = ROOT.relativize(p).toString().replace('\\', '/');
            String text = new String(bytes(p), StandardCharsets.UTF_8);
            if (rel.contains("/resources/contexts/") || rel.contains("/resources/failing/")) {
                inputs.add(new Input("context", p.getFileName().toString(), text));
            } else if (rel.contains("/resources/fixtures/")) {
                inputs.add(new Input("fixture", p.getFileName().toString(), text));
            } else if (rel.contains("/resources/ebpf-fixtures/") || rel.contains("/resources/engine-cases/")) {
                inputs.add(new Input("case file", p.getFileName().toString(), text));
            }
        }
        // map contents as --maps-in reads them: every map of the objects with maps, a few entries in each
        for (String object : List.of("maps.o", "keyed_maps.o", "legacy_maps.o", "globals.o")) {
            LoadedObject loaded = load(object);
            for (BpfMap map : loaded.maps().values()) {
                for (int i = 0; i < 3; i++) {
                    byte[] key = new byte[map.keySize()];
                    byte[] value = new byte[map.valueSize()];
                    if (key.length > 0) {
                        key[0] = (byte) i;
                    }
                    for (int j = 0; j < value.length; j++) {
                        value[j] = (byte) (i + j);
                    }
                    try {
                        map.update(key, value, 0);
                    } catch (RuntimeException e) {
                        // a map that takes no such entry (queue, ring buffer, program array) keeps what it has
                    }
                }
                inputs.add(new Input("maps", object + ":" + map.name(), MapJson.toJson(map)));
            }
        }
        return inputs;
    }

    /** The committed JSON inputs of the build, in a fixed order so that a seed means the same cases. */
    private static List<Path> jsonFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target") && ROOT.relativize(p).toString().contains("src/test/resources"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
