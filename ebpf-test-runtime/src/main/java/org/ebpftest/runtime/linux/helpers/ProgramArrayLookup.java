package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.vm.Program;

/**
 * Finds the program stored in a program array ({@code BPF_MAP_TYPE_PROG_ARRAY}) for
 * {@code bpf_tail_call}: implemented by whatever holds the maps of the running object.
 */
@FunctionalInterface
public interface ProgramArrayLookup {
    /**
     * The program at an index of the program array mapped at an address.
     *
     * @param mapAddress the map pointer the program passed (r2 of the call)
     * @param index the index (r3 of the call), as a 32-bit unsigned number
     * @return the program, or null when the index is out of range or the slot is empty
     */
    Program lookup(long mapAddress, long index);
}
