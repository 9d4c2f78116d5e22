package org.ebpftest.runtime.btf;

/**
 * A CO-RE relocation from {@code .BTF.ext}: an instruction whose constant depends on the layout of
 * a type in the kernel it will run on.
 *
 * @param slot the instruction's slot in its section
 * @param typeId the local type the access starts from
 * @param accessString the path of indexes, such as {@code 0:3:1} (array index, then member or element indexes)
 * @param kind what is asked for
 */
public record CoreRelocation(int slot, int typeId, String accessString, CoreKind kind) {
}
