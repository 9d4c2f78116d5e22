package org.ebpftest.runtime.linux.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing state {@code bpf_fib_lookup} consults, as the test provides it: routes in numbered
 * tables, policy rules by firewall mark, interface addresses, neighbours and per-device forwarding.
 * Lookups take the longest matching prefix, as the kernel's FIB does.
 *
 * <pre>{@code
 * env.fib().addAddress(2, ip("10.1.0.1"), 24)                      // like ip addr add 10.1.0.1/24 dev #2
 *          .addRoute(new Route(ip("0.0.0.0"), 0, 2, ip("10.1.0.254")))
 *          .addNeighbour(new Neighbour(ip("10.1.0.254"), 2, mac));
 * }</pre>
 */
public final class FibTable {
    /** {@code RT_TABLE_MAIN}: the table routes go to unless they name another. */
    public static final int MAIN = 254;
    /** {@code RT_TABLE_LOCAL}: the host's own addresses, consulted before every other table. */
    public static final int LOCAL = 255;
    /** {@code RT_TABLE_DEFAULT}: consulted after the main table. */
    public static final int DEFAULT = 253;

    /** The route types ({@code RTN_*}) that decide what {@code bpf_fib_lookup} answers. */
    public enum RouteType {
        /** A forwarding route: the lookup succeeds through it. */
        UNICAST,
        /** A local address: the packet is for this host, so it is not forwarded. */
        LOCAL,
        /** {@code ip route add blackhole ...}: {@code BPF_FIB_LKUP_RET_BLACKHOLE}. */
        BLACKHOLE,
        /** {@code ip route add unreachable ...}: {@code BPF_FIB_LKUP_RET_UNREACHABLE}. */
        UNREACHABLE,
        /** {@code ip route add prohibit ...}: {@code BPF_FIB_LKUP_RET_PROHIBIT}. */
        PROHIBIT
    }

    /**
     * A route: packets to {@code prefix/length} leave through {@code ifindex}, through
     * {@code gateway} when it is not null, or directly to the destination.
     *
     * @param prefix the network address, 4 bytes for IPv4 or 16 for IPv6
     * @param length the prefix length in bits
     * @param ifindex the outgoing interface (ignored for blackhole, unreachable and prohibit routes)
     * @param gateway the next hop, or null for a directly connected network; an IPv4 route may have
     *     an IPv6 gateway (RFC 5549), and the lookup then answers with family AF_INET6
     * @param type what the route does
     * @param table the table it is in, {@link #MAIN} by default
     * @param metric its metric ({@code rt_metric} in the answer); the lowest wins among equal prefixes
     * @param preferredSource the source address {@code BPF_FIB_LOOKUP_SRC} reports, or null
     * @param mtu a locked route MTU ({@code ip route add ... mtu lock N}) used instead of the
     *     device's, or 0
     * @param encap true for a route with lightweight-tunnel encapsulation, which the helper does
     *     not handle ({@code BPF_FIB_LKUP_RET_UNSUPP_LWT})
     */
    public record Route(byte[] prefix, int length, int ifindex, byte[] gateway, RouteType type, int table, int metric,
            byte[] preferredSource, int mtu, boolean encap) {
        /** A route; addresses are copied. */
        public Route {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(type, "type");
            if (prefix.length != 4 && prefix.length != 16) {
                throw new IllegalArgumentException("a route prefix has 4 or 16 bytes, had " + prefix.length);
            }
            if (length < 0 || length > prefix.length * 8) {
                throw new IllegalArgumentException("prefix length " + length + " does not fit a " + prefix.length * 8 + "-bit address");
            }
            if (gateway != null && gateway.length != prefix.length && !(prefix.length == 4 && gateway.length == 16)) {
                throw new IllegalArgumentException("a gateway has the prefix's family (an IPv4 route may also have an IPv6 gateway), had "
                        + gateway.length + " bytes for a " + prefix.length + "-byte prefix");
            }
            if (preferredSource != null && preferredSource.length != prefix.length) {
                throw new IllegalArgumentException("the preferred source must be of the prefix's family");
            }
            if (table <= 0) {
                throw new IllegalArgumentException("table ids are positive, was " + table);
            }
            if (mtu < 0) {
                throw new IllegalArgumentException("mtu must not be negative, was " + mtu);
            }
            prefix = prefix.clone();
            gateway = gateway == null ? null : gateway.clone();
            preferredSource = preferredSource == null ? null : preferredSource.clone();
        }

        /**
         * A unicast route in the main table, with the metric {@code ip route add} gives by default
         * (0 for IPv4, 1024 for IPv6).
         */
        public Route(byte[] prefix, int length, int ifindex, byte[] gateway) {
            this(prefix, length, ifindex, gateway, RouteType.UNICAST, MAIN, prefix.length == 16 ? 1024 : 0, null, 0, false);
        }

        /** A route of another type, such as {@code blackhole 10.0.0.0/8}. */
        public static Route of(RouteType type, byte[] prefix, int length) {
            return new Route(prefix, length, 0, null).withType(type);
        }

        /** This route with another type. */
        public Route withType(RouteType newType) {
            return new Route(prefix, length, ifindex, gateway, newType, table, metric, preferredSource, mtu, encap);
        }

        /** This route in another table. */
        public Route inTable(int newTable) {
            return new Route(prefix, length, ifindex, gateway, type, newTable, metric, preferredSource, mtu, encap);
        }

        /** This route with another metric. */
        public Route withMetric(int newMetric) {
            return new Route(prefix, length, ifindex, gateway, type, table, newMetric, preferredSource, mtu, encap);
        }

        /** This route with a preferred source address ({@code ip route add ... src A}). */
        public Route withPreferredSource(byte[] source) {
            return new Route(prefix, length, ifindex, gateway, type, table, metric, source, mtu, encap);
        }

        /** This route with a locked MTU ({@code ip route add ... mtu lock N}). */
        public Route withMtu(int newMtu) {
            return new Route(prefix, length, ifindex, gateway, type, table, metric, preferredSource, newMtu, encap);
        }

        /** This route with lightweight-tunnel encapsulation ({@code ip route add ... encap ...}). */
        public Route withEncap() {
            return new Route(prefix, length, ifindex, gateway, type, table, metric, preferredSource, mtu, true);
        }

        @Override
        public byte[] prefix() {
            return prefix.clone();
        }

        @Override
        public byte[] gateway() {
            return gateway == null ? null : gateway.clone();
        }

        @Override
        public byte[] preferredSource() {
            return preferredSource == null ? null : preferredSource.clone();
        }

        boolean matches(byte[] address) {
            return FibTable.inPrefix(address, prefix, length);
        }
    }

    /**
     * A neighbour entry: the hardware address of an IP address on an interface, in a valid
     * (reachable or permanent) state.
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

        @Override
        public byte[] address() {
            return address.clone();
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }
    }

    /**
     * A policy rule ({@code ip rule add fwmark M table T}): lookups whose mark is {@code mark}
     * consult {@code table} after the local table and before the main one.
     *
     * @param mark the firewall mark it matches ({@code BPF_FIB_LOOKUP_MARK} passes one; other
     *     lookups have mark 0)
     * @param table the table it sends them to
     */
    public record Rule(int mark, int table) {
    }

    /**
     * An address of an interface, as {@code ip addr add address/length dev ifindex} sets it.
     *
     * @param ifindex the interface
     * @param address the address, 4 or 16 bytes
     * @param length the prefix length of its subnet
     */
    public record Address(int ifindex, byte[] address, int length) {
        /** An address; copied. */
        public Address {
            if (address.length != 4 && address.length != 16 || length < 0 || length > address.length * 8) {
                throw new IllegalArgumentException("an address has 4 or 16 bytes and a prefix length that fits it");
            }
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Neighbour> neighbours = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Address> addresses = new ArrayList<>();
    private final Map<Integer, boolean[]> forwarding = new HashMap<>();

    /** An empty table, forwarding on every device: every lookup answers "not forwarded". */
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

    /** Adds a policy rule; rules are consulted in the order they were added. */
    public FibTable addRule(Rule rule) {
        rules.add(Objects.requireNonNull(rule, "rule"));
        return this;
    }

    /**
     * Gives an interface an address, with the routes {@code ip addr add} creates: a local route to
     * the address in the {@link #LOCAL} table and, for a subnet, a connected route in the main
     * table (IPv4 with the address as preferred source, IPv6 with metric 256).
     */
    public FibTable addAddress(int ifindex, byte[] address, int length) {
        Address a = new Address(ifindex, address, length);
        addresses.add(a);
        int full = address.length * 8;
        routes.add(new Route(address, full, ifindex, null).withType(RouteType.LOCAL).inTable(LOCAL).withMetric(0));
        if (length < full) {
            Route connected = new Route(mask(address, length), length, ifindex, null);
            routes.add(address.length == 4 ? connected.withPreferredSource(address) : connected.withMetric(256));
        }
        return this;
    }

    /**
     * Turns forwarding on or off for an interface ({@code net.ipv4.conf.DEV.forwarding} and
     * {@code net.ipv6.conf.DEV.forwarding}). Forwarding is on by default, as on a router; the
     * kernel's own default is off, which makes every lookup answer {@code FWD_DISABLED}.
     */
    public FibTable setForwarding(int ifindex, boolean ipv4, boolean ipv6) {
        forwarding.put(ifindex, new boolean[] {ipv4, ipv6});
        return this;
    }

    /** True when the interface forwards packets of the family (4 or 16 address bytes). */
    public boolean forwards(int ifindex, boolean ipv6) {
        boolean[] f = forwarding.get(ifindex);
        return f == null || f[ipv6 ? 1 : 0];
    }

    /** The routes, in the order they were added (those {@link #addAddress} created included). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The interface addresses, in the order they were added. */
    public List<Address> addresses() {
        return List.copyOf(addresses);
    }

    /** The policy rules, in order. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** The longest-prefix route to an address in the main table; among equal prefixes the lowest metric, then the first added. */
    public Optional<Route> route(byte[] destination) {
        return Optional.ofNullable(lookupTable(MAIN, destination, 0, false));
    }

    /** The neighbour entry of an address on an interface. */
    public Optional<Neighbour> neighbour(byte[] address, int ifindex) {
        return neighbours.stream().filter(n -> n.ifindex() == ifindex && Arrays.equals(n.address, address)).findFirst();
    }

    /** True for the tables the kernel always has (main, local) and those a route was added to. */
    public boolean tableExists(int table) {
        return table == MAIN || table == LOCAL || routes.stream().anyMatch(r -> r.table() == table);
    }

    /**
     * The best route in one table: the longest matching prefix, then (with {@code oif} as a
     * preference, IPv6) a route out of {@code oif}, then the lowest metric, then the first added.
     * With {@code oif} as a filter (IPv4 output lookups) routes out of other interfaces are skipped.
     */
    public Route lookupTable(int table, byte[] destination, int oif, boolean oifFilters) {
        Route best = null;
        for (Route r : routes) {
            if (r.table() != table || !r.matches(destination)) {
                continue;
            }
            if (oif != 0 && oifFilters && (r.type() == RouteType.UNICAST || r.type() == RouteType.LOCAL) && r.ifindex() != oif) {
                continue;
            }
            if (best == null || better(r, best, oif)) {
                best = r;
            }
        }
        return best;
    }

    private static boolean better(Route r, Route best, int oif) {
        if (r.length() != best.length()) {
            return r.length() > best.length();
        }
        if (oif != 0 && (r.ifindex() == oif) != (best.ifindex() == oif)) {
            return r.ifindex() == oif;
        }
        return r.metric() < best.metric();
    }

    /**
     * The lookup through the policy rules: the local table, then the rules matching the mark in
     * order, then the main and default tables; the first table with a matching route answers.
     */
    public Route lookupByRules(byte[] destination, int mark, int oif, boolean oifFilters) {
        List<Integer> tables = new ArrayList<>();
        tables.add(LOCAL);
        for (Rule rule : rules) {
            if (rule.mark() == mark) {
                tables.add(rule.table());
            }
        }
        tables.add(MAIN);
        tables.add(DEFAULT);
        for (int table : tables) {
            Route r = lookupTable(table, destination, oif, oifFilters);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * A source address for packets leaving through {@code ifindex} towards {@code nextHop}: an
     * address of the device whose subnet holds the next hop, else the device's first address of
     * the family, else another device's; never a loopback or (IPv6) link-local address.
     */
    public Optional<byte[]> sourceAddress(int ifindex, byte[] nextHop) {
        List<Address> usable = addresses.stream()
                .filter(a -> a.address.length == nextHop.length && !loopbackOrLinkLocal(a.address)).toList();
        for (Address a : usable) {
            if (a.ifindex() == ifindex && inPrefix(nextHop, a.address, a.length())) {
                return Optional.of(a.address());
            }
        }
        return usable.stream().filter(a -> a.ifindex() == ifindex).findFirst()
                .or(() -> usable.stream().findFirst()).map(Address::address);
    }

    private static boolean loopbackOrLinkLocal(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) == 127;
        }
        boolean loopback = a[15] == 1;
        for (int i = 0; i < 15; i++) {
            loopback &= a[i] == 0;
        }
        return loopback || (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
    }

    static boolean inPrefix(byte[] address, byte[] prefix, int length) {
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

    private static byte[] mask(byte[] address, int length) {
        byte[] out = address.clone();
        for (int bit = length; bit < out.length * 8; bit++) {
            out[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return out;
    }
}
