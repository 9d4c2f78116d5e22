package org.ebpftest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted Debug Adapter Protocol client, as an IDE speaks it: requests framed with
 * {@code Content-Length} headers, written as raw JSON, so the tests see the wire format the
 * server really produces. Responses and events are read on a thread of their own.
 */
final class DapClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream toServer;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final Thread reader;
    private int seq = 1;

    DapClient(InputStream fromServer, OutputStream toServer) {
        this.toServer = toServer;
        this.reader = new Thread(() -> read(fromServer), "dap test client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a request and returns its response; fails the test when the server does not answer in time. */
    JsonNode request(String command, ObjectNode arguments) {
        int id = seq++;
        ObjectNode r = JSON.createObjectNode();
        r.put("seq", id);
        r.put("type", "request");
        r.put("command", command);
        r.set("arguments", arguments);
        write(r);
        return await("response to " + command, m -> m.path("type").asText().equals("response") && m.path("request_seq").asInt() == id);
    }

    /** Waits for an event (already received or still to come) and removes it from what was seen. */
    JsonNode event(String name) {
        return await("event " + name, m -> m.path("type").asText().equals("event") && m.path("event").asText().equals(name));
    }

    static ObjectNode args() {
        return JSON.createObjectNode();
    }

    private JsonNode await(String what, java.util.function.Predicate<JsonNode> match) {
        for (JsonNode m : seen) {
            if (match.test(m)) {
                seen.remove(m);
                return m;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode m;
            try {
                m = incoming.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            if (m == null) {
                continue;
            }
            if (match.test(m)) {
                return m;
            }
            seen.add(m);
        }
        throw new AssertionError("no " + what + " from the server; it sent " + seen);
    }

    private void write(JsonNode message) {
        try {
            byte[] body = JSON.writeValueAsBytes(message);
            toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            toServer.write(body);
            toServer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(InputStream in) {
        try {
            while (true) {
                int length = -1;
                String header;
                while (!(header = line(in)).isEmpty()) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).strip());
                    }
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    return;
                }
                incoming.add(JSON.readTree(body));
            }
        } catch (IOException | RuntimeException e) {
            // the server closed the stream
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("end of stream");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        toServer.close();
    }
}
