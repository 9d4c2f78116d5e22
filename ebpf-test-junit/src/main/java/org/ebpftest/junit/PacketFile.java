package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects frames read from a file into a {@code byte[]} (one frame) or a {@code List<byte[]>}
 * (every frame) field or parameter: {@code @PacketFile("syn.pcap") byte[] syn}.
 *
 * <p>The file is found by the rule every file annotation follows (JUNIT.md, "Where files are
 * found"): a name is a class-path resource looked up in the package of the class that carries the
 * annotation, then from the root of the class path; {@code "/name"} is looked up only from the
 * root; {@code "file:path"} is a file, a relative path resolving against the working directory. Its
 * name says how it is read: {@code .pcap}, {@code .pcapng} and {@code .cap} are captures with
 * Ethernet frames (read with the reader of {@code ebpf-test-packets});
 * {@code .hex} and {@code .txt} hold one frame per line in hex (spaces and colons ignored,
 * {@code #} starts a comment); any other name is one frame of raw bytes.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InputFilesExtension.class)
public @interface PacketFile {

    /** The file: {@code "name"} beside the test class or at the class-path root, {@code "/name"} at the root, or {@code "file:path"}. */
    String value();

    /**
     * Which frame a {@code byte[]} gets, counting from 0. By default the file must hold exactly one
     * frame, so that adding frames to a capture never silently changes what a test runs.
     */
    int frame() default -1;
}
