#!/usr/bin/env python3
"""Runs sockets.o in this machine's kernel (as root, with bpftool) inside a private network
namespace holding the sockets SocketLookupTest puts in the emulator's socket table, and prints each
case's io record as the kernel left it. SocketLookupTest pins these answers; rerun this to confirm
them again. It creates the namespaces ebpftest-sk and ebpftest-sk-peer (known to the first as
nsid 0) and a pin directory, and removes them."""
import json, os, shutil, socket, struct, subprocess, sys, time

NS, PEER, PIN = "ebpftest-sk", "ebpftest-sk-peer", "/sys/fs/bpf/ebpftest-sk"
FRAME = "/tmp/ebpftest-sk.frame"
HERE = os.path.dirname(os.path.abspath(__file__))
SO_MARK, SO_PRIORITY, SO_BINDTODEVICE = 36, 12, 25


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True).stdout


def v4(a, sport, d, dport):
    return socket.inet_aton(a) + socket.inet_aton(d) + struct.pack(">HH", sport, dport), 12


def v6(a, sport, d, dport):
    return socket.inet_pton(socket.AF_INET6, a) + socket.inet_pton(socket.AF_INET6, d) + struct.pack(">HH", sport, dport), 36


# name, (tuple, size), op (0 sk_lookup_tcp, 1 sk_lookup_udp, 2 skc_lookup_tcp), netns, flags, size override
CASES = [
    ("tcp listener", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 0, -1, 0, None),
    ("tcp listener through skc", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 2, -1, 0, None),
    ("tcp established", v4("127.0.0.1", 40000, "127.0.0.1", 8080), 0, -1, 0, None),
    ("tcp established through skc", v4("127.0.0.1", 40000, "127.0.0.1", 8080), 2, -1, 0, None),
    ("tcp client end", v4("127.0.0.1", 8080, "127.0.0.1", 40000), 0, -1, 0, None),
    ("dual-stack listener from ipv4", v4("127.0.0.1", 50000, "127.0.0.1", 8081), 0, -1, 0, None),
    ("dual-stack listener from ipv6", v6("::1", 50000, "::1", 8081), 0, -1, 0, None),
    ("ipv6 bound listener", v6("::1", 50000, "::1", 8082), 0, -1, 0, None),
    ("ipv6 bound listener from ipv4", v4("127.0.0.1", 50000, "127.0.0.1", 8082), 0, -1, 0, None),
    ("time-wait", v4("127.0.0.1", 40001, "127.0.0.1", 8083), 0, -1, 0, None),
    ("time-wait through skc", v4("127.0.0.1", 40001, "127.0.0.1", 8083), 2, -1, 0, None),
    ("no socket", v4("127.0.0.1", 50000, "127.0.0.1", 9), 0, -1, 0, None),
    ("udp wildcard", v4("127.0.0.1", 50000, "127.0.0.2", 5353), 1, -1, 0, None),
    ("udp ipv6", v6("::1", 50000, "::1", 5354), 1, -1, 0, None),
    ("udp connected peer", v4("127.0.0.1", 9999, "127.0.0.1", 5355), 1, -1, 0, None),
    ("udp connected other peer", v4("127.0.0.1", 9998, "127.0.0.1", 5355), 1, -1, 0, None),
    ("udp bound to lo", v4("127.0.0.1", 50000, "127.0.0.1", 5356), 1, -1, 0, None),
    ("udp bound to other device", v4("127.0.0.1", 50000, "127.0.0.1", 5357), 1, -1, 0, None),
    ("tcp lookup of udp port", v4("127.0.0.1", 50000, "127.0.0.1", 5353), 0, -1, 0, None),
    ("bad tuple size", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 0, -1, 0, 13),
    ("ipv4 tuple with ipv6 size", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 0, -1, 0, 36),
    ("flags", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 0, -1, 1, None),
    ("peer namespace", v4("127.0.0.1", 50000, "127.0.0.1", 7070), 0, 0, 0, None),
    ("unknown namespace id", v4("127.0.0.1", 50000, "127.0.0.1", 7070), 0, 5, 0, None),
    ("namespace id above 31 bits", v4("127.0.0.1", 50000, "127.0.0.1", 7070), 0, 1 << 32, 0, None),
    ("namespace id -1 in 32 bits", v4("127.0.0.1", 50000, "127.0.0.1", 8080), 0, 0x1ffffffff, 0, None),
]


def setup():
    sh("ip", "netns", "add", NS)
    sh("ip", "netns", "add", PEER)
    sh("ip", "-n", NS, "link", "set", "lo", "up")
    sh("ip", "-n", PEER, "link", "set", "lo", "up")
    sh("ip", "-n", NS, "link", "add", "d0", "index", "2", "type", "veth", "peer", "name", "d1", "index", "3")
    sh("ip", "-n", NS, "netns", "set", PEER, "0")
    sh("bpftool", "prog", "loadall", os.path.join(HERE, "sockets.o"), PIN, "pinmaps", PIN + "/maps")
    with open(FRAME, "wb") as f:
        f.write(bytes.fromhex("0200000000030200000000020800") + bytes(46))


def listen(family, addr, port, **opts):
    s = socket.socket(family, socket.SOCK_STREAM)
    for level, opt, value in opts.get("sockopts", []):
        s.setsockopt(level, opt, value)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(8)
    return s


def sockets():
    keep = []
    lst = listen(socket.AF_INET, "127.0.0.1", 8080, sockopts=[(socket.SOL_SOCKET, SO_MARK, 7), (socket.SOL_SOCKET, SO_PRIORITY, 3)])
    keep.append(lst)
    c = socket.socket()
    c.bind(("127.0.0.1", 40000))
    c.connect(("127.0.0.1", 8080))
    keep += [c, lst.accept()[0]]
    dual = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    dual.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    dual.bind(("::", 8081))
    dual.listen(8)
    keep.append(dual)
    keep.append(listen(socket.AF_INET6, "::1", 8082))
    tw = listen(socket.AF_INET, "127.0.0.1", 8083)
    c2 = socket.socket()
    c2.bind(("127.0.0.1", 40001))
    c2.connect(("127.0.0.1", 8083))
    server_end = tw.accept()[0]
    server_end.close()  # the active closer goes to TIME_WAIT once the peer closes too
    time.sleep(0.1)
    c2.close()
    time.sleep(0.2)
    keep.append(tw)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", 5353))
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u6.bind(("::1", 5354))
    uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    uc.bind(("127.0.0.1", 5355))
    uc.connect(("127.0.0.1", 9999))
    ulo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ulo.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, b"lo")
    ulo.bind(("127.0.0.1", 5356))
    ud0 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ud0.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, b"d0")
    ud0.bind(("0.0.0.0", 5357))
    return keep + [u, u6, uc, ulo, ud0]


def run(prog, tup, size, op, netns, flags):
    value = tup.ljust(36, b"\0") + struct.pack("<IQQI", size, netns & (2**64 - 1), flags, op) + bytes(184 - 60)
    sh("bpftool", "map", "update", "pinned", PIN + "/maps/io", "key", "hex", "00", "00", "00", "00",
       "value", "hex", *["%02x" % b for b in value])
    out = sh("bpftool", "prog", "run", "pinned", PIN + "/" + prog, "data_in", FRAME)
    rc = int(out.split("Return value: ")[1].split(",")[0])
    dump = json.loads(sh("bpftool", "-j", "map", "lookup", "pinned", PIN + "/maps/io", "key", "hex", "00", "00", "00", "00"))
    v = bytes(int(b, 16) for b in dump["value"])
    return rc, v[60:].hex()


def inside():
    peer = subprocess.Popen(["nsenter", "--net=/run/netns/" + PEER, sys.executable, "-c",
                             "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',7070))\ns.listen(8)\nprint('ready',flush=True)\ntime.sleep(30)"],
                            stdout=subprocess.PIPE, text=True)
    peer.stdout.readline()
    keep = sockets()
    try:
        for name, (tup, size), op, netns, flags, override in CASES:
            for prog in ("sk_xdp", "sk_tc"):
                rc, out = run(prog, tup, override if override is not None else size, op, netns, flags)
                print(f"{prog}|{name}|{rc}|{out}")
    finally:
        peer.kill()
        for s in keep:
            s.close()


def main():
    if os.geteuid() != 0:
        sys.exit("run as root")
    if sys.argv[1:] == ["--inside"]:
        inside()
        return
    try:
        setup()
        print("# program|case|retval|io from offset 60 (hex), from sockets_kernel.py on Linux " + os.uname().release)
        sys.stdout.flush()
        subprocess.run(["nsenter", "--net=/run/netns/" + NS, sys.executable, os.path.abspath(__file__), "--inside"], check=True)
    finally:
        sh("ip", "netns", "del", NS, check=False)
        sh("ip", "netns", "del", PEER, check=False)
        shutil.rmtree(PIN, ignore_errors=True)
        if os.path.exists(FRAME):
            os.remove(FRAME)


main()
