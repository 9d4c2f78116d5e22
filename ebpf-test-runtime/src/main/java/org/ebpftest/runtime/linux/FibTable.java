package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routes and neighbours {@code bpf_fib_lookup} consults: the test adds them, the helper finds
 * the longest matching prefix and, for its next hop, the neighbour's hardware address.
 */
public final class FibTable {
    /**
     * A route: packets to {@code prefix/length} leave through {@code ifindex}, through
     * {@code gateway} when it is not null, or directly to the destination.
     *
     * @param prefix the network address, 4 bytes for IPv4 or 16 for IPv6
     * @param length the prefix length in bits
     * @param ifindex the outgoing interface
     * @param gateway the next hop, or null for a directly connected network
     */
    public record Route(byte[] prefix, int length, int ifindex, byte[] gateway) {
        /** A route; addresses are copied. */
        public Route {
            if (prefix.length != 4 && prefix.length != 16) {
                throw new IllegalArgumentException("a route prefix has 4 or 16 bytes, had " + prefix.length);
            }
            if (length < 0 || length > prefix.length * 8) {
                throw new IllegalArgumentException("prefix length " + length + " does not fit a " + prefix.length * 8 + "-bit address");
            }
            if (gateway != null && gateway.length != prefix.length) {
                throw new IllegalArgumentException("gateway and prefix must be of the same family");
            }
            prefix = prefix.clone();
            gateway = gateway == null ? null : gateway.clone();
        }

        boolean matches(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < length; bit++) {
                int mask = 0x80 >>> (bit & 7);
                if ((address[bit >>> 3] & mask) != (prefix[bit >>> 3] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A neighbour entry: the hardware address of an IP address on an interface.
     *
     * @param address the IP address, 4 or 16 bytes
     * @param ifindex the interface it is reached through
     * @param mac its 6-byte hardware address
     */
    public record Neighbour(byte[] address, int ifindex, byte[] mac) {
        /** A neighbour; addresses are copied. */
        public Neighbour {
            Objects.requireNonNull(address, "address");
            if (mac.length != 6) {
                throw new IllegalArgumentException("mac must have 6 bytes, had " + mac.length);
            }
            address = address.clone();
            mac = mac.clone();
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Neighbour> neighbours = new ArrayList<>();

    /** An empty table: every lookup answers "not forwarded". */
    public FibTable() {
    }

    /** Adds a route. */
    public FibTable addRoute(Route route) {
        routes.add(Objects.requireNonNull(route, "route"));
        return this;
    }

    /** Adds a neighbour entry. */
    public FibTable addNeighbour(Neighbour neighbour) {
        neighbours.add(Objects.requireNonNull(neighbour, "neighbour"));
        return this;
    }

    /** The routes, in the order they were added. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The longest-prefix route to an address; among equal prefixes the one added first. */
    public Optional<Route> route(byte[] destination) {
        Route best = null;
        for (Route r : routes) {
            if (r.matches(destination) && (best == null || r.length() > best.length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The neighbour entry of an address on an interface. */
    public Optional<Neighbour> neighbour(byte[] address, int ifindex) {
        return neighbours.stream().filter(n -> n.ifindex() == ifindex && Arrays.equals(n.address(), address)).findFirst();
    }
}
