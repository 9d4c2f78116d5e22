package org.ebpftest.runtime.context;

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
import java.util.Set;

/**
 * A JSON value that remembers its file, its path from the root and where it starts, so that an
 * error can point at the value itself; Jackson's own tree drops locations.
 *
 * @param value a {@code Map<String, Json>}, a {@code List<Json>}, a {@code String}, a
 *     {@code Number}, a {@code Boolean} or null
 */
record Json(Object value, String file, String path, int line, int column) {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Reads a whole document; duplicate properties and trailing content are errors. */
    static Json parse(String file, String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new ContextFormatException(file + ": empty file; expected a context object or an array of them");
            }
            Json root = read(parser, file, "$");
            if (parser.nextToken() != null) {
                throw at(file, "$", parser.currentTokenLocation(), "unexpected content after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ContextFormatException(file + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Json read(JsonParser parser, String file, String path) throws IOException {
        JsonLocation where = parser.currentTokenLocation();
        JsonToken token = parser.currentToken();
        Object value = switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, Json> properties = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation nameAt = parser.currentTokenLocation();
                    if (properties.containsKey(name)) {
                        throw at(file, path + "." + name, nameAt, "property [" + name + "] appears twice");
                    }
                    parser.nextToken();
                    properties.put(name, read(parser, file, path + "." + name));
                }
                yield Collections.unmodifiableMap(properties);
            }
            case START_ARRAY -> {
                List<Json> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(parser, file, path + "[" + elements.size() + "]"));
                }
                yield Collections.unmodifiableList(elements);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> throw at(file, path, where, "unexpected " + token);
        };
        return new Json(value, file, path, where.getLineNr(), where.getColumnNr());
    }

    private static ContextFormatException at(String file, String path, JsonLocation where, String what) {
        return new ContextFormatException(file + ": " + path + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + "): " + what);
    }

    /** Where this value is, as messages give it: {@code file.json: $.ctx.packet (line 4, column 15)}. */
    String where() {
        return file + ": " + path + " (line " + line + ", column " + column + ")";
    }

    /** An error at this value. */
    ContextFormatException error(String what) {
        return new ContextFormatException(where() + ": " + what);
    }

    /** An error saying what was expected here and what was found. */
    ContextFormatException expected(String what) {
        return error("expected " + what + ", found " + describe());
    }

    /** The value as it reads in JSON, shortened, for messages. */
    String describe() {
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

    boolean isNull() {
        return value == null;
    }

    boolean isObject() {
        return value instanceof Map;
    }

    boolean isArray() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    List<Json> elements() {
        return (List<Json>) value;
    }

    /**
     * The properties of an object, refusing unknown ones (so a misspelt property is never silently
     * ignored) and requiring some.
     */
    @SuppressWarnings("unchecked")
    Map<String, Json> object(Set<String> known, String... required) {
        if (!isObject()) {
            throw expected("an object");
        }
        Map<String, Json> properties = (Map<String, Json>) value;
        for (Map.Entry<String, Json> property : properties.entrySet()) {
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

    /** The properties of an object whose property names are data (such as helper numbers). */
    @SuppressWarnings("unchecked")
    Map<String, Json> anyObject(String what) {
        if (!isObject()) {
            throw expected(what);
        }
        return (Map<String, Json>) value;
    }

    /** A string. */
    String string() {
        if (value instanceof String s) {
            return s;
        }
        throw expected("a string");
    }

    /** An integer between {@code min} and {@code max}, inclusive; {@code what} says what it is for. */
    long integer(long min, long max, String what) {
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
     * {@code uint64} and C code would write it.
     */
    long bits64(String what) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.signum() > 0 && b.bitLength() <= 64) {
            return b.longValue();
        }
        throw expected(what);
    }
}
