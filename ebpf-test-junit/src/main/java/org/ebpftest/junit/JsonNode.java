package org.ebpftest.junit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A JSON value that remembers where it was in its file and its path from the root, so that a
 * fixture error can point at the value itself. Jackson's own tree drops locations, hence this.
 *
 * @param value a {@code Map<String, JsonNode>}, a {@code List<JsonNode>}, a {@code String}, a
 *     {@code Number}, a {@code Boolean} or null
 */
record JsonNode(Object value, String file, String path, int line, int column) {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Reads a whole document; duplicate properties and trailing content are errors. */
    static JsonNode parse(String file, String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new FixtureFormatException(file + ": empty file; expected a fixture object or an array of them");
            }
            JsonNode root = read(parser, file, "$");
            if (parser.nextToken() != null) {
                throw at(file, "$", parser.currentTokenLocation(), "unexpected content after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new FixtureFormatException(file + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(JsonParser parser, String file, String path) throws IOException {
        JsonLocation where = parser.currentTokenLocation();
        JsonToken token = parser.currentToken();
        Object value = switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, JsonNode> properties = new LinkedHashMap<>();
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
                List<JsonNode> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(parser, file, path + "[" + elements.size() + "]"));
                }
                yield List.copyOf(elements);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> throw at(file, path, where, "unexpected " + token);
        };
        return new JsonNode(value, file, path, where.getLineNr(), where.getColumnNr());
    }

    private static FixtureFormatException at(String file, String path, JsonLocation where, String what) {
        return new FixtureFormatException(file + ": " + path + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + "): " + what);
    }

    /** Where the value is, as messages name it: {@code flows.json: $.maps.flows[0] (line 3, column 12)}. */
    String where() {
        return file + ": " + path + " (line " + line + ", column " + column + ")";
    }

    /** An error at this value. */
    FixtureFormatException error(String what) {
        return new FixtureFormatException(where() + ": " + what);
    }

    /** An error saying what was expected here and what was found. */
    FixtureFormatException expected(String what) {
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

    boolean isObject() {
        return value instanceof java.util.Map;
    }

    boolean isArray() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    java.util.Map<String, JsonNode> properties() {
        return (java.util.Map<String, JsonNode>) value;
    }

    @SuppressWarnings("unchecked")
    List<JsonNode> elements() {
        return (List<JsonNode>) value;
    }
}
