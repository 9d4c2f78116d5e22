package org.ebpftest.runtime.btf;

import org.ebpftest.runtime.isa.SourceLine;

/**
 * The C source line of an instruction, from {@code .BTF.ext} line info.
 *
 * @param slot the instruction's slot in its section
 * @param line the source position and text
 */
public record LineInfo(int slot, SourceLine line) {
}
