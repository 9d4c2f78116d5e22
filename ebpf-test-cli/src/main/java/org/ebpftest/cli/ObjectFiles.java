package org.ebpftest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;

/** Reading what the commands are given: object files, input files, and the program to act on. */
final class ObjectFiles {

    private ObjectFiles() {
    }

    /** Parses an object file; a file that cannot be read is a {@link CommandFailure}. */
    static ObjectSpec read(String file) {
        // The path names the object in coverage reports, which find its C sources beside it.
        return ObjectSpec.parse(Path.of(file).getFileName().toString(), bytes(file, null)).withOrigin(Path.of(file));
    }

    /**
     * Parses an object file, giving every program the type {@code --type} names when it is
     * present, as {@code bpftool prog loadall X.o DIR type T} and tc do.
     *
     * @throws UsageException when the type has no such name
     */
    static ObjectSpec read(String file, Optional<String> type) {
        ObjectSpec spec = read(file);
        if (type.isEmpty()) {
            return spec;
        }
        try {
            return spec.withProgramType(ProgramType.named(type.get()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
    }

    /**
     * The program a command acts on: the one named, or the object's only program when none is.
     *
     * @throws CommandFailure listing the object's programs when none has that name
     * @throws UsageException when no name is given and the object has several programs
     */
    static ProgramSpec program(ObjectSpec spec, Optional<String> name) {
        List<String> names = spec.programs().stream().map(ProgramSpec::name).toList();
        if (name.isPresent()) {
            return spec.findProgram(name.get()).orElseThrow(() -> new CommandFailure(
                    spec.fileName() + " has no program \"" + name.get() + "\"; its programs are " + String.join(", ", names)));
        }
        if (names.size() == 1) {
            return spec.programs().get(0);
        }
        if (names.isEmpty()) {
            throw new CommandFailure(spec.fileName() + " has no programs");
        }
        throw new UsageException(spec.fileName() + " has " + names.size() + " programs; choose one with --program: " + String.join(", ", names));
    }

    /** The bytes of a file, or of standard input when the name is {@code -}. */
    static byte[] bytes(String file, InputStream stdin) {
        try {
            if (file.equals("-") && stdin != null) {
                return stdin.readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CommandFailure("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file, replacing what was there. */
    static void write(String file, byte[] bytes) {
        try {
            Files.write(Path.of(file), bytes);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
