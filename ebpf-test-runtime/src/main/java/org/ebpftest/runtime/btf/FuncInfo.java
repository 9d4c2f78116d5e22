package org.ebpftest.runtime.btf;

/**
 * Where a function starts, from {@code .BTF.ext} func info: the slot of its first instruction and
 * its {@link BtfType.Func} type.
 *
 * @param slot the slot of the function's first instruction, in its section or (after linking) its program
 * @param typeId the id of the function's {@code FUNC} type
 * @param name the function's name
 */
public record FuncInfo(int slot, int typeId, String name) {

    /** The same function info at another slot, as linking moves functions. */
    public FuncInfo atSlot(int newSlot) {
        return new FuncInfo(newSlot, typeId, name);
    }
}
