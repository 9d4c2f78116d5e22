package org.ebpftest.runtime.uapi;

/**
 * A symbolic value a program of one family returns in r0, such as {@code XDP_DROP} or
 * {@code TC_ACT_SHOT}; it prints as {@code XDP_DROP (1)}.
 */
public sealed interface ReturnCode permits XdpAction, TcAction, SkAction, CgroupSkbVerdict {

    /** The kind of program that returns this value. */
    ReturnCodes family();

    /** The numeric value, as the kernel reads it for the family (TC values are signed 32-bit). */
    long value();

    /** The name the kernel headers give it, such as {@code XDP_DROP}, or a short description where they give none. */
    String symbol();

    /** The symbol followed by the value in parentheses: {@code XDP_DROP (1)}. */
    default String describe() {
        return symbol() + " (" + value() + ")";
    }
}
