package org.ebpftest.runtime.isa;

/**
 * The C source position an instruction was compiled from, as BTF line info records it.
 *
 * @param file the source file name as the compiler saw it
 * @param line the line number, from 1
 * @param column the column number, from 1, or 0 when unknown
 * @param text the source line's text, or an empty string when not recorded
 */
public record SourceLine(String file, int line, int column, String text) {

    /** {@code file:line}, then the trimmed text when there is one. */
    @Override
    public String toString() {
        String shortFile = file.substring(file.lastIndexOf('/') + 1);
        String where = shortFile + ":" + line;
        return text.isBlank() ? where : where + "  " + text.strip();
    }
}
