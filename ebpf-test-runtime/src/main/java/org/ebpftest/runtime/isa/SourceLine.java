package org.ebpftest.runtime.isa;

/**
 * The C source position an instruction was compiled from, as BTF line info records it.
 *
 * <p>Line 0 is the compiler's way of saying that code belongs to no source line (code it made up,
 * such as a block merging two branches); such a record carries no text. {@link #hasLine()} is false
 * for it, traps and listings print no position for it, as {@code llvm-objdump -l} prints none.
 *
 * @param file the source file name as the compiler saw it
 * @param line the line number, from 1, or 0 for code that belongs to no line
 * @param column the column number, from 1, or 0 when unknown
 * @param text the source line's text, or an empty string when not recorded
 */
public record SourceLine(String file, int line, int column, String text) {

    /** False for a line-0 record: code the compiler attributes to no source line. */
    public boolean hasLine() {
        return line > 0;
    }

    /**
     * {@code file:line}, then the trimmed text when there is one; a line-0 record prints the file
     * name alone, never {@code :0}.
     */
    @Override
    public String toString() {
        String shortFile = file.substring(file.lastIndexOf('/') + 1);
        if (!hasLine()) {
            return shortFile;
        }
        String where = shortFile + ":" + line;
        return text.isBlank() ? where : where + "  " + text.strip();
    }
}
