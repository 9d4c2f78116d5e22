package org.ebpftest.runtime.linux.maps;

/**
 * What {@code bpf_for_each_map_elem} calls for each element: the adapter copies the key where
 * the program can read it and calls the program's callback.
 */
@FunctionalInterface
public interface ElementVisitor {
    /**
     * Visits one element.
     *
     * @param key an array holding the key (read it, do not keep it)
     * @param keyOffset where the key starts in {@code key}
     * @param valueAddress the virtual address of the value (the current CPU's, for per-CPU maps)
     * @return the callback's result: 0 continues, 1 stops
     */
    long visit(byte[] key, int keyOffset, long valueAddress);
}
