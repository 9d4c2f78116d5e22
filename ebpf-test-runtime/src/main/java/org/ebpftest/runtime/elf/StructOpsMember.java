package org.ebpftest.runtime.elf;

/**
 * The member of a struct_ops variable that holds a program: {@code init} of
 * {@code struct tcp_congestion_ops} for {@code .init = (void *)cubic_init}. The kernel loads the
 * program against that member's function pointer type; whether the pointer's prototype returns
 * a value decides whether r0 must be set at the program's exit.
 *
 * @param structName the struct's name, such as {@code tcp_congestion_ops}
 * @param memberName the member's name, such as {@code init}
 * @param memberIndex the member's index in the struct, which libbpf loads as the expected attach type
 * @param returnsValue false when the member's prototype returns void
 */
public record StructOpsMember(String structName, String memberName, int memberIndex, boolean returnsValue) {
}
