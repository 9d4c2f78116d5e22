#!/usr/bin/env python3
"""Runs fib.o in this machine's kernel (as root, with bpftool) inside a private network namespace
holding the routing state FibLookupTest builds in the emulator, and prints each case's return value
and the struct bpf_fib_lookup the kernel left. FibLookupTest pins these answers; rerun this to
confirm them again. It creates the namespace ebpftest-fib and a pin directory, and removes both."""
import json, os, shutil, struct, subprocess, sys

NS, PIN, FRAME = "ebpftest-fib", "/sys/fs/bpf/ebpftest-fib", "/tmp/ebpftest-fib.frame"
HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True).stdout


def ip(*args):
    sh("ip", "-n", NS, *args)


def inns(*cmd):
    return sh("nsenter", "--net=/run/netns/" + NS, *cmd)


def setup():
    sh("ip", "netns", "add", NS)
    ip("link", "set", "lo", "up")
    ip("link", "add", "v0", "index", "2", "address", "02:00:00:00:00:02", "type", "veth", "peer", "name", "v1", "index", "3", "address", "02:00:00:00:00:03")
    ip("link", "set", "v1", "mtu", "1400")
    for d in ("v0", "v1"):
        ip("link", "set", d, "up")
    ip("addr", "add", "10.1.0.1/24", "dev", "v0")
    ip("addr", "add", "10.2.0.1/24", "dev", "v1")
    ip("-6", "addr", "add", "fd01::1/64", "dev", "v0", "nodad")
    ip("-6", "addr", "add", "fd02::1/64", "dev", "v1", "nodad")
    ip("route", "add", "10.9.0.0/16", "via", "10.2.0.254", "dev", "v1", "metric", "5")
    ip("route", "add", "blackhole", "10.66.0.0/16")
    ip("route", "add", "unreachable", "10.67.0.0/16")
    ip("route", "add", "prohibit", "10.68.0.0/16")
    ip("route", "add", "10.70.0.0/16", "dev", "v1", "table", "100")
    ip("rule", "add", "fwmark", "7", "table", "100")
    ip("route", "add", "10.71.0.0/16", "via", "10.1.0.254", "dev", "v0", "mtu", "lock", "1300")
    ip("route", "add", "10.72.0.0/16", "via", "inet6", "fd02::fe", "dev", "v1")
    ip("-6", "route", "add", "fd09::/64", "via", "fd02::fe", "dev", "v1")
    ip("-6", "route", "add", "blackhole", "fd66::/64")
    ip("neigh", "add", "10.2.0.254", "lladdr", "02:00:00:00:0a:fe", "dev", "v1", "nud", "permanent")
    ip("-6", "neigh", "add", "fd02::fe", "lladdr", "02:00:00:00:0b:fe", "dev", "v1", "nud", "permanent")
    inns("sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1")
    inns("sysctl", "-qw", "net.ipv4.conf.v0.forwarding=0")
    sh("bpftool", "prog", "loadall", os.path.join(HERE, "fib.o"), PIN, "pinmaps", PIN + "/maps")


def addr(a):
    import ipaddress
    return ipaddress.ip_address(a).packed


def params(family, dst, ifindex, src=None, tot_len=0, tbid=0, mark=0):
    p = bytearray(64)
    p[0] = family
    struct.pack_into("<H", p, 6, tot_len)
    struct.pack_into("<I", p, 8, ifindex)
    if src:
        p[16:16 + len(addr(src))] = addr(src)
    p[32:32 + len(addr(dst))] = addr(dst)
    struct.pack_into("<I", p, 48, tbid)
    struct.pack_into("<I", p, 52, mark)
    return p


CASES = [
    ("gateway route", params(2, "10.9.1.1", 3), 0, 0),
    ("connected, no neighbour", params(2, "10.2.0.77", 3), 0, 0),
    ("connected, skip neigh", params(2, "10.2.0.77", 3), 4, 0),
    ("blackhole", params(2, "10.66.1.1", 3), 0, 0),
    ("unreachable", params(2, "10.67.1.1", 3), 0, 0),
    ("prohibit", params(2, "10.68.1.1", 3), 0, 0),
    ("no route", params(2, "10.99.0.1", 3), 0, 0),
    ("forwarding off", params(2, "10.9.1.1", 2), 0, 0),
    ("tot_len over mtu", params(2, "10.9.1.1", 3, tot_len=1401), 0, 0),
    ("tot_len at mtu", params(2, "10.9.1.1", 3, tot_len=1400), 0, 0),
    ("locked route mtu", params(2, "10.71.0.1", 3, tot_len=1301), 0, 0),
    ("table 100 direct", params(2, "10.70.0.1", 3, tbid=100), 1 | 8 | 4, 0),
    ("missing table", params(2, "10.70.0.1", 3, tbid=101), 1 | 8 | 4, 0),
    ("main direct", params(2, "10.70.0.1", 3), 1 | 4, 0),
    ("mark rule", params(2, "10.70.0.1", 3, mark=7), 32 | 4, 0),
    ("mark without flag", params(2, "10.70.0.1", 3, mark=7), 4, 0),
    ("source address", params(2, "10.9.1.1", 3), 16, 0),
    ("local address", params(2, "10.2.0.1", 3), 0, 0),
    ("output other device", params(2, "10.1.0.5", 3), 2 | 4, 0),
    ("ipv6 gateway for ipv4", params(2, "10.72.0.1", 3), 0, 0),
    ("bad flags", params(2, "10.9.1.1", 3), 64, 0),
    ("short size", params(2, "10.9.1.1", 3), 0, 1),
    ("bad family", params(3, "10.9.1.1", 3), 0, 0),
    ("no device", params(2, "10.9.1.1", 42), 0, 0),
    ("ipv6 gateway route", params(10, "fd09::1", 3), 0, 0),
    ("ipv6 link-local", params(10, "fe80::1", 3), 0, 0),
    ("ipv6 source", params(10, "fd09::1", 3), 16, 0),
    ("ipv6 blackhole", params(10, "fd66::1", 3), 0, 0),
    ("ipv6 tot_len over mtu", params(10, "fd09::1", 3, tot_len=1401), 0, 0),
]


def run(prog, p, flags, short):
    value = bytes(p) + struct.pack("<IIq", flags, short, 0)
    sh("bpftool", "map", "update", "pinned", PIN + "/maps/io", "key", "hex", "00", "00", "00", "00",
       "value", "hex", *["%02x" % b for b in value])
    frame = FRAME
    with open(frame, "wb") as f:
        f.write(bytes.fromhex("0200000000030200000000020800") + bytes(46))
    inns("bpftool", "prog", "run", "pinned", PIN + "/" + prog, "data_in", frame)
    out = json.loads(sh("bpftool", "-j", "map", "lookup", "pinned", PIN + "/maps/io", "key", "hex", "00", "00", "00", "00"))
    v = bytes(int(b, 16) for b in out["value"])
    return struct.unpack_from("<q", v, 72)[0], v[:64].hex()


def main():
    if os.geteuid() != 0:
        sys.exit("run as root")
    try:
        setup()
        for name, p, flags, short in CASES:
            for prog in ("fib_xdp", "fib_tc"):
                rc, out = run(prog, p, flags, short)
                print(f"{prog:7} {name:24} rc={rc:4} {out}")
    finally:
        sh("ip", "netns", "del", NS, check=False)
        shutil.rmtree(PIN, ignore_errors=True)
        if os.path.exists(FRAME):
            os.remove(FRAME)


main()
