package org.ebpftest.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The command line run in-process, and the test objects it runs. */
final class Cli {

    /** What one command printed, and its exit status. */
    record Outcome(int status, String out, String err) {
    }

    private Cli() {
    }

    static Outcome run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static Outcome runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The runtime's committed test objects, shared by every module's tests (the working directory is this module's). */
    static final Path SHARED_OBJECTS = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "elf");

    /**
     * A committed test object as a path string: this module's own (src/test/resources/objects,
     * such as raw_args.o) or one of the runtime's shared ones.
     */
    static String object(String name) {
        URL url = Cli.class.getResource("/objects/" + name);
        if (url != null) {
            try {
                return Path.of(url.toURI()).toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path shared = SHARED_OBJECTS.resolve(name);
        if (!java.nio.file.Files.isRegularFile(shared)) {
            throw new IllegalArgumentException("no test object " + name + " in src/test/resources/objects or " + SHARED_OBJECTS);
        }
        return shared.toString();
    }

    /** A frame of {@code length} bytes counting up from 0, so that data_out shows any change. */
    static byte[] frame(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
