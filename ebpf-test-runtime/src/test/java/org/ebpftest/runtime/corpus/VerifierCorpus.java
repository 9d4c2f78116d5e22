package org.ebpftest.runtime.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;

/**
 * The verifier corpus under {@code src/test/resources/verifier-corpus}: small programs with the
 * verdict Linux 6.18 gave each of them, read from its manifest {@code corpus.tsv} (the format is in
 * that directory's README.md). Tests that compare a verifier with Linux read the cases from here.
 */
public final class VerifierCorpus {
    /** The corpus directory on the test class path. */
    public static final String ROOT = "/verifier-corpus/";
    /** The manifest's header line, which pins the column order. */
    static final String HEADER = "object\tprogram\ttype\tverdict\tclass\tmessage";

    private VerifierCorpus() {
    }

    /** What Linux did with a program at load. */
    public enum Verdict {
        /** The verifier accepted the program. */
        ACCEPTED,
        /** The verifier refused the program. */
        REFUSED
    }

    /**
     * One program of the corpus and the kernel's verdict on it.
     *
     * @param object the object file, relative to the corpus directory ({@code packet/x.o})
     * @param program the program's name (its C function)
     * @param type the program type as bpftool spells it ({@code xdp}, {@code sched_cls}, ...)
     * @param verdict whether Linux loaded it
     * @param messageClass for a refusal, a substring of the kernel's verifier message that stays the
     *     same whatever the registers held; null when accepted
     * @param message for a refusal, the whole line of the kernel's log that holds the class, as
     *     recorded; null when accepted
     */
    public record Case(String object, String program, String type, Verdict verdict, String messageClass, String message) {
        /** The program type, as the project names it. */
        public ProgramType programType() {
            return ProgramType.named(type);
        }

        /** The refusal class this case belongs to: the directory it sits in ({@code packet}, ...). */
        public String group() {
            return object.substring(0, object.indexOf('/'));
        }

        /** The object file's bytes. */
        public byte[] objectBytes() {
            return resource(object);
        }

        /** The object, parsed by the project's ELF loader. */
        public ObjectSpec spec() {
            return ObjectSpec.parse(object, objectBytes());
        }

        /** The C source the object was built from. */
        public String source() {
            return new String(resource(object.replaceFirst("\\.o$", ".c")), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return object + " (" + (verdict == Verdict.ACCEPTED ? "accepted" : "refused: " + messageClass) + ")";
        }
    }

    /** Every case of the manifest, in its order. */
    public static List<Case> cases() {
        String text = new String(resource("corpus.tsv"), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalStateException("corpus.tsv must start with the header line \"" + HEADER.replace("\t", "\\t") + "\"");
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            cases.add(parse(lines.get(i), i + 1));
        }
        return cases;
    }

    private static Case parse(String line, int lineNumber) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
            throw new IllegalStateException("corpus.tsv line " + lineNumber + ": expected 6 tab-separated fields, found " + f.length);
        }
        Verdict verdict = switch (f[3]) {
            case "accepted" -> Verdict.ACCEPTED;
            case "refused" -> Verdict.REFUSED;
            default -> throw new IllegalStateException("corpus.tsv line " + lineNumber + ": verdict must be accepted or refused, was " + f[3]);
        };
        boolean refused = verdict == Verdict.REFUSED;
        if (refused == f[4].equals("-") || refused == f[5].equals("-")) {
            throw new IllegalStateException("corpus.tsv line " + lineNumber + ": class and message are \"-\" exactly when the program is accepted");
        }
        return new Case(f[0], f[1], f[2], verdict, refused ? f[4] : null, refused ? f[5] : null);
    }

    /** The corpus directory itself, for listing its files (the tests run from the class path's directory). */
    public static Path directory() {
        URL url = VerifierCorpus.class.getResource(ROOT + "corpus.tsv");
        if (url == null) {
            throw new IllegalStateException("no " + ROOT + "corpus.tsv on the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = VerifierCorpus.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + ROOT + name + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
