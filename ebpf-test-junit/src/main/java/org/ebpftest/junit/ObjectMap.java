package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a map of a loaded {@link BpfObject} into a field or parameter, as a raw
 * {@link org.ebpftest.runtime.linux.maps.BpfMap BpfMap}, as the map's own class for the calls
 * only it has ({@code RingBufMap}, {@code PerfEventArrayMap}, {@code ReferenceMap} for program
 * arrays and maps of maps, {@code QueueStackMap}, {@code BloomFilterMap}, {@code DevMap},
 * {@code StackTraceMap}), or as a {@link org.ebpftest.runtime.linux.maps.TypedMap TypedMap} whose
 * codecs follow from its type arguments:
 *
 * <pre>{@code
 * @ObjectMap("drops") BpfMap drops;
 * @ObjectMap("events") RingBufMap events;                   // drain() without a cast
 * @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;   // records laid out as C structs
 * @ObjectMap(".bss") TypedMap<Integer, byte[]> bss;         // global data by section name
 * }</pre>
 *
 * <p>A map class that does not match the map is a configuration error naming both:
 * {@code @ObjectMap field [events] in [LoggerTest] is a RingBufMap, but map [events] in [xdp_fw.o] is
 * a hash map (HtabMap); declare it as BpfMap}.
 *
 * <p>Type arguments map onto {@link org.ebpftest.runtime.linux.maps.MapCodec MapCodec}s:
 * {@code Byte}, {@code Short}, {@code Integer} and {@code Long} are little-endian integers of 1, 2,
 * 4 and 8 bytes, {@code Inet4Address} an address in network order, {@code byte[]} the raw bytes
 * (of the map's key or value size), and a record a C struct. For any other layout, inject the
 * {@code BpfMap} and call {@code typed(keyCodec, valueCodec)}.
 *
 * <p>Named for its role, a map of the loaded object, so that it imports alongside
 * {@link java.util.Map} without either being written in full.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(BpfObjectExtension.class)
public @interface ObjectMap {
    /** The map's name ({@code flows}), or a global data section ({@code .bss}, {@code .data}, {@code .rodata}). */
    String value();

    /** The {@link BpfObject#name() name} of the object, needed when the class loads several. */
    String object() default "";
}
