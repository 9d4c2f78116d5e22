package org.ebpftest.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A JSON value that remembers its file, its path from the root and where it starts, so that an
 * error about it can point at the value itself; Jackson's own tree drops locations.
 *
 * <p>A small utility shared by the readers of hand-written JSON files (context files, JUnit
 * fixtures and case files). Each reader gives, when it parses, the exception its users see; every
 * value of the tree makes its errors with it, shaped
 * {@code file.json: $.ctx.packet (line 4, column 15): expected a string, found 12}. Duplicate
 * properties and content after the document are errors, so a file never says two things at once.
 */
public final class LocatedJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Object value;
    private final String file;
    private final String path;
    private final int line;
    private final int column;
    private final BiFunction<String, Throwable, ? extends RuntimeException> errors;

    private LocatedJson(Object value, String file, String path, int line, int column,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        this.value = value;
        this.file = file;
        this.path = path;
        this.line = line;
        this.column = column;
        this.errors = errors;
    }

    /**
     * Reads a whole document.
     *
     * @param file the file name that messages give
     * @param document what an empty file should have held, for its message: {@code a context object
     *     or an array of them} gives {@code ctx.json: empty file; expected a context object or an
     *     array of them}
     * @param errors makes the exception for a message and its cause (null when there is none);
     *     every error of the tree, from parsing or from its accessors, is made by it
     * @throws RuntimeException from {@code errors} for malformed JSON, a duplicate property,
     *     content after the document or an empty file
     */
    public static LocatedJson parse(String file, String json, String document,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(errors, "errors");
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw errors.apply(file + ": empty file; expected " + document, null);
            }
            LocatedJson root = read(parser, file, "$", errors);
            if (parser.nextToken() != null) {
                throw at(file, "$", parser.currentTokenLocation(), "unexpected content after the end of the document", errors);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw errors.apply(file + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocatedJson read(JsonParser parser, String file, String path,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) throws IOException {
        JsonLocation where = parser.currentTokenLocation();
        JsonToken token = parser.currentToken();
        Object value = switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, LocatedJson> properties = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation nameAt = parser.currentTokenLocation();
                    if (properties.containsKey(name)) {
                        throw at(file, path + "." + name, nameAt, "property [" + name + "] appears twice", errors);
                    }
                    parser.nextToken();
                    properties.put(name, read(parser, file, path + "." + name, errors));
                }
                yield Collections.unmodifiableMap(properties);
            }
            case START_ARRAY -> {
                List<LocatedJson> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(parser, file, path + "[" + elements.size() + "]", errors));
                }
                yield Collections.unmodifiableList(elements);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> throw at(file, path, where, "unexpected " + token, errors);
        };
        return new LocatedJson(value, file, path, where.getLineNr(), where.getColumnNr(), errors);
    }

    private static RuntimeException at(String file, String path, JsonLocation where, String what,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        return errors.apply(file + ": " + path + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + "): " + what, null);
    }

    /**
     * The value: a {@code Map<String, LocatedJson>} in file order, a {@code List<LocatedJson>}, a
     * {@code String}, a {@code Number} ({@code Integer}, {@code Long} or {@code BigInteger} for
     * integers, {@code Double} otherwise), a {@code Boolean} or null.
     */
    public Object value() {
        return value;
    }

    /** The file it came from, as messages name it. */
    public String file() {
        return file;
    }

    /** Its JSON path from the root, such as {@code $.maps.flows[0]}. */
    public String path() {
        return path;
    }

    /** The line where it starts, from 1. */
    public int line() {
        return line;
    }

    /** The column where it starts, from 1. */
    public int column() {
        return column;
    }

    /** Where it is, as messages give it: {@code flows.json: $.maps.flows[0] (line 3, column 12)}. */
    public String where() {
        return file + ": " + path + " (line " + line + ", column " + column + ")";
    }

    /** An error at this value, made by the parse's error factory; the caller throws it. */
    public RuntimeException error(String what) {
        return errors.apply(where() + ": " + what, null);
    }

    /** An error saying what was expected here and what was found: {@code ...: expected a string, found 12}. */
    public RuntimeException expected(String what) {
        return error("expected " + what + ", found " + describe());
    }

    /** The value as it reads in JSON, strings shortened to 40 characters, for messages. */
    public String describe() {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (isObject()) {
            return "an object";
        }
        if (isArray()) {
            return "an array";
        }
        return value.toString();
    }

    /** Whether it is JSON {@code null}. */
    public boolean isNull() {
        return value == null;
    }

    /** Whether it is an object. */
    public boolean isObject() {
        return value instanceof Map;
    }

    /** Whether it is an array. */
    public boolean isArray() {
        return value instanceof List;
    }

    /** The elements of an array; anything else is an error expecting an array. */
    @SuppressWarnings("unchecked")
    public List<LocatedJson> elements() {
        if (!isArray()) {
            throw expected("an array");
        }
        return (List<LocatedJson>) value;
    }

    /**
     * The properties of an object, refusing unknown ones (so that a misspelt property is never
     * silently ignored) and requiring some.
     *
     * @param known every property the object may have
     * @param required the properties it must have
     */
    public Map<String, LocatedJson> object(Set<String> known, String... required) {
        Map<String, LocatedJson> properties = properties("an object");
        for (Map.Entry<String, LocatedJson> property : properties.entrySet()) {
            if (!known.contains(property.getKey())) {
                throw property.getValue().error("unknown property [" + property.getKey() + "]; expected one of " + known.stream().sorted().toList());
            }
        }
        for (String name : required) {
            if (!properties.containsKey(name)) {
                throw error("missing property [" + name + "]");
            }
        }
        return properties;
    }

    /**
     * The properties of an object whose property names are data (map names, helper numbers), in
     * file order; anything else is an error expecting {@code what}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, LocatedJson> properties(String what) {
        if (!isObject()) {
            throw expected(what);
        }
        return (Map<String, LocatedJson>) value;
    }

    /**
     * This object with one property set (added last, or replacing one in place), at the same
     * place; errors about the new property still point where that property was written.
     */
    public LocatedJson withProperty(String name, LocatedJson property) {
        LinkedHashMap<String, LocatedJson> properties = new LinkedHashMap<>(properties("an object"));
        properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(property, "property"));
        return new LocatedJson(Collections.unmodifiableMap(properties), file, path, line, column, errors);
    }

    /** A string. */
    public String string() {
        if (value instanceof String s) {
            return s;
        }
        throw expected("a string");
    }

    /** A string of at least one character. */
    public String nonEmptyString() {
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw expected("a non-empty string");
    }

    /**
     * An integer between {@code min} and {@code max}, inclusive; anything else is an error
     * expecting {@code what}.
     */
    public long integer(long min, long max, String what) {
        if (value instanceof Integer || value instanceof Long) {
            long v = ((Number) value).longValue();
            if (v >= min && v <= max) {
                return v;
            }
        }
        throw expected(what);
    }

    /**
     * A 64-bit value written as a signed or an unsigned number (-2^63 to 2^64 - 1), as Go's
     * {@code uint64} and C code would write it; anything else is an error expecting {@code what}.
     */
    public long bits64(String what) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.signum() > 0 && b.bitLength() <= 64) {
            return b.longValue();
        }
        throw expected(what);
    }

    @Override
    public String toString() {
        return where() + ": " + describe();
    }
}
