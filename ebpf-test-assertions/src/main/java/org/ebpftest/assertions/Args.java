package org.ebpftest.assertions;

import org.ebpftest.packet.IpAddress;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;

/** Checks the arguments given to an assertion: a bad argument is a mistake in the test, not a failed check. */
final class Args {

    private Args() {
    }

    /** Returns {@code value} if it is within {@code [min, max]}, else throws naming the argument. */
    static long range(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + " but was " + value);
        }
        return value;
    }

    /** A port number. */
    static int port(String what, int value) {
        return (int) range(what, value, 0, 0xffff);
    }

    /** An unsigned byte. */
    static int u8(String what, int value) {
        return (int) range(what, value, 0, 0xff);
    }

    /** An unsigned 16-bit value. */
    static int u16(String what, int value) {
        return (int) range(what, value, 0, 0xffff);
    }

    /** An unsigned 32-bit value. */
    static long u32(String what, long value) {
        return range(what, value, 0, 0xffffffffL);
    }

    /** Parses an address literal of the given IP version; host names and the other version are rejected. */
    static IpAddress ip(String what, String text, int version) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return version(what, IpAddress.of(text), version);
    }

    /** Checks that an address has the given IP version. */
    static IpAddress version(String what, IpAddress address, int version) {
        if (address == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (address.version() != version) {
            throw new IllegalArgumentException(what + " must be an IPv" + version + " address but [" + address
                    + "] is IPv" + address.version());
        }
        return address;
    }

    /** Rejects null. */
    static <T> T notNull(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    /** A key of the map's key size. */
    static byte[] key(BpfMap map, byte[] key) {
        notNull("key", key);
        if (key.length != map.keySize()) {
            throw new IllegalArgumentException("key of map \"" + map.name() + "\" must be " + map.keySize() + " bytes but was "
                    + key.length + " bytes");
        }
        return key;
    }

    /** A key encoded with a codec, which must give the map's key size. */
    static <K> byte[] key(BpfMap map, K key, MapCodec<K> codec) {
        notNull("key", key);
        notNull("key codec", codec);
        return key(map, codec.encode(key));
    }
}
