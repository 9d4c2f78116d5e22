package org.ebpftest.junit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.json.LocatedJson;
import org.junit.platform.engine.TestTag;

/**
 * A case file of the fixture engine: the object its fixtures run on, tags for filtering, and the
 * fixtures, each with the line and column where it starts. The fixtures are those of
 * {@link BpfFixture}; the file adds the properties around them:
 *
 * <pre>{@code
 * {
 *   "object": "xdp_fw.o",
 *   "program": "xdp_fw",
 *   "type": "xdp",
 *   "tags": ["firewall"],
 *   "fixtures": [ {"name": "...", "packet": "...", "expect": {"return": "XDP_DROP"}} ]
 * }
 * }</pre>
 *
 * <p>Immutable. Read with {@link #parse}; unknown properties are errors, as in fixtures.
 */
public final class BpfFixtureFile {
    private static final Set<String> PROPERTIES = Set.of("object", "program", "type", "tags", "fixtures");

    private final String source;
    private final String object;
    private final List<String> tags;
    private final List<Case> cases;

    private BpfFixtureFile(String source, String object, List<String> tags, List<Case> cases) {
        this.source = source;
        this.object = object;
        this.tags = tags;
        this.cases = cases;
    }

    /**
     * A fixture of the file and where it starts.
     *
     * @param line the line of the fixture's opening brace, from 1
     * @param column the column of the fixture's opening brace, from 1
     */
    public record Case(BpfFixture fixture, int line, int column) {
        /** Checks the fixture is there. */
        public Case {
            Objects.requireNonNull(fixture, "fixture");
        }
    }

    /**
     * Reads a case file.
     *
     * @param source the file name that error messages and fixtures give
     * @throws FixtureFormatException naming the path, line and column of the first mistake
     */
    public static BpfFixtureFile parse(String source, String json) {
        LocatedJson root = FixtureReader.parse(Objects.requireNonNull(source, "source"), Objects.requireNonNull(json, "json"));
        if (!root.isObject()) {
            throw root.expected("an object with \"object\" and \"fixtures\"");
        }
        Map<String, LocatedJson> p = root.object(PROPERTIES, "object", "fixtures");
        String object = p.get("object").nonEmptyString();
        Optional<LocatedJson> program = Optional.ofNullable(p.get("program"));
        program.ifPresent(LocatedJson::nonEmptyString);
        Optional<LocatedJson> type = Optional.ofNullable(p.get("type"));
        List<String> tags = p.containsKey("tags") ? tags(p.get("tags")) : List.of();
        LocatedJson fixtures = p.get("fixtures");
        if (!fixtures.isArray() || fixtures.elements().isEmpty()) {
            throw fixtures.expected("a non-empty array of fixtures");
        }
        List<Case> cases = new ArrayList<>();
        HashMap<String, LocatedJson> names = new HashMap<>();
        for (LocatedJson element : fixtures.elements()) {
            Map<String, LocatedJson> properties = element.properties("a fixture object");
            // A file-wide program applies as if the fixture named it; errors about it point at the file's property.
            LocatedJson withProgram = program.isPresent() && !properties.containsKey("program") ? element.withProperty("program", program.get()) : element;
            LocatedJson withType = type.isPresent() && !properties.containsKey("type") ? withProgram.withProperty("type", type.get()) : withProgram;
            BpfFixture fixture = FixtureReader.read(withType).get(0);
            LocatedJson earlier = names.putIfAbsent(fixture.name(), element);
            if (earlier != null) {
                throw properties.get("name").error("fixture name [" + fixture.name() + "] is already used at " + earlier.path()
                        + " (line " + earlier.line() + "); each fixture of a file needs its own name, which names its test");
            }
            cases.add(new Case(fixture, element.line(), element.column()));
        }
        return new BpfFixtureFile(source, object, tags, List.copyOf(cases));
    }

    /** Reads a UTF-8 case file. */
    public static BpfFixtureFile parse(String source, byte[] json) {
        return parse(source, new String(json, StandardCharsets.UTF_8));
    }

    /** The file it came from, as error messages name it. */
    public String source() {
        return source;
    }

    /**
     * The object its fixtures run on, as the file gives it: a path relative to the file, a
     * {@code classpath:} resource or a {@code file:} path.
     */
    public String object() {
        return object;
    }

    /** The tags of every fixture of the file, for tag filters. */
    public List<String> tags() {
        return tags;
    }

    /** Its fixtures in file order, each with where it starts; a file-wide {@code program} and {@code type} are already applied. */
    public List<Case> cases() {
        return cases;
    }

    @Override
    public String toString() {
        return source;
    }

    private static List<String> tags(LocatedJson node) {
        if (!node.isArray()) {
            throw node.expected("an array of tag names");
        }
        List<String> tags = new ArrayList<>();
        for (LocatedJson tag : node.elements()) {
            String name = tag.nonEmptyString();
            if (!TestTag.isValid(name)) {
                throw tag.expected("a tag name without blanks, ISO control characters or any of , ( ) & | !");
            }
            tags.add(name);
        }
        return List.copyOf(tags);
    }
}
