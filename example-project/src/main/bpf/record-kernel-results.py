#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Runs every example program in the running kernel and records what it did.

For each case the object is loaded afresh with `bpftool prog loadall`, the maps
are filled from the case's maps_before, optional warm-up packets are run, then
the case's packet is run once through BPF_PROG_TEST_RUN on CPU 0. The return
value, the packet and context afterwards and the contents of every map are
written to ../../test/resources/kernel/<program>.json, which the emulator's
tests compare against.

Usage (as root, with bpffs mounted at /sys/fs/bpf):
    python3 record-kernel-results.py            # all programs
    python3 record-kernel-results.py xdp_lb     # only the named ones

Standard library only. Packets are built with struct; checksums are computed
here so that the programs see well-formed traffic unless a case says otherwise.
"""
import ctypes
import errno
import json
import mmap
import os
import platform
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "test", "resources", "kernel"))
PIN_ROOT = "/sys/fs/bpf"
PIN_PREFIX = "ebpftest_rec_"
RUN_CPU = 0
DATA_SIZE_OUT = 4096

ARRAY_MAP_TYPES = {"array", "percpu_array"}


# ---------------------------------------------------------------- packets ---

ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
IPPROTO_ICMP = 1
IPPROTO_IPIP = 4
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_ICMPV6 = 58

TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x04, 0x08, 0x10

CLIENT_MAC = bytes.fromhex("020000000001")
ROUTER_MAC = bytes.fromhex("020000000002")
BACKEND_MAC_1 = bytes.fromhex("0200000000b1")
BACKEND_MAC_2 = bytes.fromhex("0200000000b2")


def mac(text):
    return bytes.fromhex(text.replace(":", ""))


def ip4(text):
    return socket.inet_pton(socket.AF_INET, text)


def ip6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def checksum(data):
    """The Internet checksum (RFC 1071) of data, as an integer."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ether(payload, ethertype, dst=ROUTER_MAC, src=CLIENT_MAC, vlans=()):
    """An Ethernet frame; vlans is a list of (tpid, vlan id) outermost first."""
    header = dst + src
    for tpid, vid in vlans:
        header += struct.pack("!HH", tpid, vid)
    return header + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ttl=64, ident=0x1234, frag_off=0, options=b"",
         ihl=None, total_length=None, tos=0):
    """An IPv4 header with a correct checksum, followed by payload."""
    if len(options) % 4:
        raise ValueError("IPv4 options must be padded to 4 bytes")
    if ihl is None:
        ihl = 5 + len(options) // 4
    if total_length is None:
        total_length = 20 + len(options) + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total_length, ident, frag_off,
                         ttl, proto, 0, ip4(src), ip4(dst)) + options
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6(src, dst, next_header, payload, hop_limit=64):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), next_header, hop_limit,
                       ip6(src), ip6(dst)) + payload


def pseudo_header_v4(src, dst, proto, length):
    return struct.pack("!4s4sBBH", ip4(src), ip4(dst), 0, proto, length)


def pseudo_header_v6(src, dst, proto, length):
    return struct.pack("!16s16sIxxxB", ip6(src), ip6(dst), length, proto)


def tcp(sport, dport, flags=TCP_ACK, payload=b"", seq=1000, ack=0, window=65535):
    """A TCP header without checksum; pass it through with_l4_checksum()."""
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, window, 0, 0) + payload


def udp(sport, dport, payload=b""):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def with_l4_checksum(segment, proto, src, dst, v6=False):
    """Fills in the TCP or UDP checksum of segment for the given addresses."""
    offset = 16 if proto == IPPROTO_TCP else 6
    pseudo = (pseudo_header_v6 if v6 else pseudo_header_v4)(src, dst, proto, len(segment))
    value = checksum(pseudo + segment)
    if proto == IPPROTO_UDP and value == 0:
        value = 0xFFFF               # zero means "no checksum" in UDP
    return segment[:offset] + struct.pack("!H", value) + segment[offset + 2:]


def tcp4(src, dst, sport, dport, flags=TCP_ACK, payload=b"", **ip_args):
    segment = with_l4_checksum(tcp(sport, dport, flags, payload), IPPROTO_TCP, src, dst)
    return ipv4(src, dst, IPPROTO_TCP, segment, **ip_args)


def udp4(src, dst, sport, dport, payload=b"", **ip_args):
    segment = with_l4_checksum(udp(sport, dport, payload), IPPROTO_UDP, src, dst)
    return ipv4(src, dst, IPPROTO_UDP, segment, **ip_args)


def tcp6(src, dst, sport, dport, flags=TCP_ACK, payload=b""):
    segment = with_l4_checksum(tcp(sport, dport, flags, payload), IPPROTO_TCP, src, dst, v6=True)
    return ipv6(src, dst, IPPROTO_TCP, segment)


def udp6(src, dst, sport, dport, payload=b""):
    segment = with_l4_checksum(udp(sport, dport, payload), IPPROTO_UDP, src, dst, v6=True)
    return ipv6(src, dst, IPPROTO_UDP, segment)


def icmp4_echo(src, dst, ident=1, seq=1, payload=b"ping"):
    message = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
    message = message[:2] + struct.pack("!H", checksum(message)) + message[4:]
    return ipv4(src, dst, IPPROTO_ICMP, message)


def icmp6_echo(src, dst, ident=1, seq=1, payload=b"ping"):
    message = struct.pack("!BBHHH", 128, 0, 0, ident, seq) + payload
    pseudo = pseudo_header_v6(src, dst, IPPROTO_ICMPV6, len(message))
    message = message[:2] + struct.pack("!H", checksum(pseudo + message)) + message[4:]
    return ipv6(src, dst, IPPROTO_ICMPV6, message)


def arp_request(sender_ip, target_ip, sender_mac=CLIENT_MAC):
    payload = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 1, sender_mac, ip4(sender_ip),
                          bytes(6), ip4(target_ip))
    return ether(payload, ETH_P_ARP, dst=b"\xff" * 6, src=sender_mac)


# ------------------------------------------------------------- map values ---

def u8(v):
    return struct.pack("<B", v)


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


def lpm4(prefix, length):
    return u32(length) + ip4(prefix)


def lpm6(prefix, length):
    return u32(length) + ip6(prefix)


def entry(key, value):
    return {"key": key, "value": value}


def case(name, description, data_in, expect, maps_before=None, ctx_in=None, runs_before=(),
         expect_data_out=None, check=None):
    """One recorded run. expect is the return value the program is meant to give, or
    the errno name (e.g. "EINVAL") when BPF_PROG_TEST_RUN itself should refuse the
    input; expect_data_out, when given, is the packet the program should leave.
    check, when given, is called with the recorded maps_after and raises
    RecordingError if they are not what the program is meant to leave.
    The script refuses to record a case where the kernel disagrees."""
    return {"name": name, "description": description, "data_in": data_in, "ctx_in": ctx_in,
            "maps_before": maps_before or {}, "runs_before": list(runs_before), "expect": expect,
            "expect_data_out": expect_data_out, "check": check}


def warmup(data_in, expect, ctx_in=None):
    """A packet run before the recorded one, with the maps it left behind."""
    return {"data_in": data_in, "ctx_in": ctx_in, "expect": expect}


XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT = range(5)
TC_ACT_OK, TC_ACT_SHOT = 0, 2


# ------------------------------------------------------------ xdp_firewall ---

def firewall_policy(enforce_ports=True):
    """Blocks 192.0.2.0/24, 198.51.100.7 and 2001:db8:bad::/48; allows TCP 22 and 443, UDP 53."""
    def port(number, proto):
        return u16(number) + u8(proto) + u8(0)
    return {
        "blocklist_v4": [entry(lpm4("192.0.2.0", 24), u32(1)),
                         entry(lpm4("198.51.100.7", 32), u32(2))],
        "blocklist_v6": [entry(lpm6("2001:db8:bad::", 48), u32(3))],
        "allowed_ports": [entry(port(22, IPPROTO_TCP), u8(1)),
                          entry(port(443, IPPROTO_TCP), u8(1)),
                          entry(port(53, IPPROTO_UDP), u8(1))],
        "config": [entry(u32(0), u32(1 if enforce_ports else 0))],
    }


def firewall_cases():
    policy = firewall_policy()
    v4 = lambda payload, **kw: ether(payload, ETH_P_IP, **kw)
    v6 = lambda payload: ether(payload, ETH_P_IPV6)
    return [
        case("tcp_to_allowed_port_443_passes", "IPv4 TCP to an allowed port from an unlisted source",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443, TCP_SYN)), XDP_PASS, policy),
        case("tcp_port_22_from_blocked_network_dropped",
             "source inside 192.0.2.0/24 is dropped before the port is looked at; counter 2",
             v4(tcp4("192.0.2.55", "10.0.0.2", 40000, 22, TCP_SYN)), XDP_DROP, policy),
        case("tcp_to_port_8080_not_allowed_dropped", "port outside the allow-list; counter 3",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 8080, TCP_SYN)), XDP_DROP, policy),
        case("udp_to_port_53_passes", "UDP 53 is allowed",
             v4(udp4("10.0.0.1", "10.0.0.2", 5353, 53, b"query")), XDP_PASS, policy),
        case("tcp_to_port_53_dropped", "the allow-list is keyed by protocol too: only UDP 53 is allowed",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 53, TCP_SYN)), XDP_DROP, policy),
        case("icmp_echo_passes", "ICMP has no ports, so the allow-list does not apply",
             v4(icmp4_echo("10.0.0.1", "10.0.0.2")), XDP_PASS, policy),
        case("arp_request_passes", "ARP is not filtered",
             arp_request("10.0.0.1", "10.0.0.2"), XDP_PASS, policy),
        case("vlan_tagged_tcp_443_passes", "one 802.1Q tag is skipped",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443), vlans=[(ETH_P_8021Q, 100)]), XDP_PASS, policy),
        case("vlan_tagged_from_blocked_host_dropped", "198.51.100.7/32 behind an 802.1Q tag; counter 2",
             v4(tcp4("198.51.100.7", "10.0.0.2", 40000, 443), vlans=[(ETH_P_8021Q, 100)]), XDP_DROP, policy),
        case("qinq_double_tag_dropped", "a second tag (802.1ad outer, 802.1Q inner); counter 1",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443),
                vlans=[(ETH_P_8021AD, 10), (ETH_P_8021Q, 100)]), XDP_DROP, policy),
        case("ipv6_tcp_443_passes", "IPv6 TCP to an allowed port",
             v6(tcp6("2001:db8:1::1", "2001:db8:2::2", 40000, 443, TCP_SYN)), XDP_PASS, policy),
        case("ipv6_from_blocked_prefix_dropped", "source inside 2001:db8:bad::/48; counter 2",
             v6(tcp6("2001:db8:bad:1::9", "2001:db8:2::2", 40000, 443, TCP_SYN)), XDP_DROP, policy),
        case("ipv6_udp_port_not_allowed_dropped", "UDP 123 is not in the allow-list; counter 3",
             v6(udp6("2001:db8:1::1", "2001:db8:2::2", 123, 123, b"ntp")), XDP_DROP, policy),
        case("ipv6_icmp_echo_passes", "ICMPv6 has no ports",
             v6(icmp6_echo("2001:db8:1::1", "2001:db8:2::2")), XDP_PASS, policy),
        case("ipv4_options_tcp_22_passes", "IHL 6: the TCP header is found after 4 bytes of options",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 22, options=b"\x01\x01\x01\x00")), XDP_PASS, policy),
        case("ipv4_later_fragment_passes", "fragment offset 185: no TCP header to check, so it passes",
             v4(ipv4("10.0.0.1", "10.0.0.2", IPPROTO_TCP, bytes(24), frag_off=185)), XDP_PASS, policy),
        case("ports_not_enforced_when_switched_off", "enforce_ports 0: port 8080 passes",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 8080, TCP_SYN)), XDP_PASS, firewall_policy(False)),
        case("truncated_ipv4_header_dropped", "EtherType IPv4 but only 10 bytes follow; counter 0",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443)[:10]), XDP_DROP, policy),
        case("ipv4_ihl_below_5_dropped", "IHL 4 is malformed; counter 0",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443, ihl=4)), XDP_DROP, policy),
        case("truncated_tcp_header_dropped", "IPv4 header complete, TCP header cut after 8 bytes; counter 0",
             v4(tcp4("10.0.0.1", "10.0.0.2", 40000, 443)[:28]), XDP_DROP, policy),
        case("runt_frame_rejected_by_test_run",
             "10 bytes: BPF_PROG_TEST_RUN refuses XDP input shorter than an Ethernet header "
             "with EINVAL before the program runs; counters stay zero",
             bytes.fromhex("02000000000202000000"), "EINVAL", policy),
    ]


# ------------------------------------------------------------------ xdp_lb ---

LB_TUNNEL_SOURCE = "10.0.0.100"
LB_BACKENDS = {1: ("10.1.0.1", BACKEND_MAC_1), 2: ("10.1.0.2", BACKEND_MAC_2)}
LB_RING_SIZE = 16


def lb_flow_hash(src, dst, sport, dport, proto):
    """The program's flow_hash(), for choosing packets that reach a given backend."""
    def mix(h, word):
        return ((h ^ word) * 0x01000193) & 0xFFFFFFFF
    le32 = lambda b: struct.unpack("<I", b)[0]
    h = 0x811C9DC5
    for word in (le32(ip4(src)), le32(ip4(dst)), le32(struct.pack("!HH", sport, dport)), proto):
        h = mix(h, word)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    return h ^ (h >> 13)


def lb_maps():
    """VIP 203.0.113.10: TCP 80 (service 0, ring alternating backends 1 and 2) and
    UDP 53 (service 1, all slots backend 2); VIP 203.0.113.20 TCP 443 (service 2,
    empty ring)."""
    def vip(addr, port, proto):
        return ip4(addr) + struct.pack("!H", port) + u8(proto) + u8(0)
    rings = [entry(u32(i), u32(1 + i % 2)) for i in range(LB_RING_SIZE)]
    rings += [entry(u32(LB_RING_SIZE + i), u32(2)) for i in range(LB_RING_SIZE)]
    return {
        "services": [entry(vip("203.0.113.10", 80, IPPROTO_TCP), u32(0)),
                     entry(vip("203.0.113.10", 53, IPPROTO_UDP), u32(1)),
                     entry(vip("203.0.113.20", 443, IPPROTO_TCP), u32(2))],
        "rings": rings,
        "backends": [entry(u32(i), ip4(addr) + m + u16(0)) for i, (addr, m) in LB_BACKENDS.items()],
        "config": [entry(u32(0), ip4(LB_TUNNEL_SOURCE))],
    }


def lb_expected_backend(src, dst, sport, dport, proto):
    slot = lb_flow_hash(src, dst, sport, dport, proto) % LB_RING_SIZE
    return 1 + slot % 2 if (dport, proto) == (80, IPPROTO_TCP) else 2


def lb_encapsulated(frame, backend):
    """What the program should make of frame: new Ethernet and outer IPv4 header."""
    inner = frame[14:]
    addr, backend_mac = LB_BACKENDS[backend]
    outer = ipv4(LB_TUNNEL_SOURCE, addr, IPPROTO_IPIP, inner, ident=0, tos=inner[1])
    return ether(outer, ETH_P_IP, dst=backend_mac, src=frame[0:6])


def lb_cases():
    maps = lb_maps()
    vip, other = "203.0.113.10", "203.0.113.99"
    v4 = lambda payload, **kw: ether(payload, ETH_P_IP, **kw)

    def to_backend(name, description, frame, src, sport, dport, proto, want=None):
        backend = lb_expected_backend(src, vip, sport, dport, proto)
        if want is not None and backend != want:
            raise RecordingError("case %s: flow hashes to backend %d, not %d" % (name, backend, want))
        return case(name, description + " -> backend %d" % backend, frame, XDP_TX, maps,
                    expect_data_out=lb_encapsulated(frame, backend))

    # Source ports picked so that one flow lands on each backend of service 0.
    port_1 = next(p for p in range(40000, 41000) if lb_expected_backend("198.18.0.1", vip, p, 80, IPPROTO_TCP) == 1)
    port_2 = next(p for p in range(40000, 41000) if lb_expected_backend("198.18.0.1", vip, p, 80, IPPROTO_TCP) == 2)
    return [
        to_backend("tcp_syn_to_vip_goes_to_backend_1", "TCP SYN to 203.0.113.10:80 from source port %d" % port_1,
                   v4(tcp4("198.18.0.1", vip, port_1, 80, TCP_SYN)), "198.18.0.1", port_1, 80, IPPROTO_TCP, 1),
        to_backend("tcp_syn_to_vip_goes_to_backend_2", "same client, source port %d" % port_2,
                   v4(tcp4("198.18.0.1", vip, port_2, 80, TCP_SYN)), "198.18.0.1", port_2, 80, IPPROTO_TCP, 2),
        to_backend("tcp_data_with_tos_keeps_tos_in_outer_header", "TOS 0x28 is copied to the outer header",
                   v4(tcp4("198.18.0.7", vip, 51000, 80, TCP_ACK | TCP_PSH, b"GET / HTTP/1.1\r\n\r\n", tos=0x28)),
                   "198.18.0.7", 51000, 80, IPPROTO_TCP),
        to_backend("udp_dns_to_vip_goes_to_backend_2", "UDP to 203.0.113.10:53",
                   v4(udp4("198.18.0.2", vip, 33000, 53, b"query")), "198.18.0.2", 33000, 53, IPPROTO_UDP, 2),
        to_backend("ipv4_options_are_kept_inside", "inner header with IHL 6 is carried unchanged",
                   v4(tcp4("198.18.0.3", vip, 42000, 80, TCP_SYN, options=b"\x01\x01\x01\x00")),
                   "198.18.0.3", 42000, 80, IPPROTO_TCP),
        case("vip_with_empty_ring_dropped", "service 2 has no backends in its ring slots",
             v4(tcp4("198.18.0.1", "203.0.113.20", 40000, 443, TCP_SYN)), XDP_DROP, maps),
        case("tcp_to_vip_other_port_passes", "203.0.113.10:8080 is not a service",
             v4(tcp4("198.18.0.1", vip, 40000, 8080, TCP_SYN)), XDP_PASS, maps),
        case("udp_to_tcp_service_port_passes", "UDP 80 does not match the TCP 80 service",
             v4(udp4("198.18.0.1", vip, 40000, 80, b"x")), XDP_PASS, maps),
        case("tcp_to_other_address_passes", "destination is not a VIP",
             v4(tcp4("198.18.0.1", other, 40000, 80, TCP_SYN)), XDP_PASS, maps),
        case("icmp_to_vip_passes", "ICMP has no ports to balance on",
             v4(icmp4_echo("198.18.0.1", vip)), XDP_PASS, maps),
        case("first_fragment_to_vip_passes", "MF set: fragments go to the stack",
             v4(tcp4("198.18.0.1", vip, 40000, 80, TCP_SYN, frag_off=0x2000)), XDP_PASS, maps),
        case("truncated_ports_to_vip_pass", "IPv4 header complete but only 2 bytes of TCP",
             v4(tcp4("198.18.0.1", vip, 40000, 80, TCP_SYN)[:22]), XDP_PASS, maps),
        case("vlan_tagged_to_vip_passes", "tagged frames are not balanced",
             v4(tcp4("198.18.0.1", vip, 40000, 80, TCP_SYN), vlans=[(ETH_P_8021Q, 5)]), XDP_PASS, maps),
        case("ipv6_passes", "IPv6 is not balanced",
             ether(tcp6("2001:db8::1", "2001:db8::10", 40000, 80, TCP_SYN), ETH_P_IPV6), XDP_PASS, maps),
        case("arp_passes", "ARP for the VIP", arp_request("198.18.0.1", vip), XDP_PASS, maps),
    ]


# ------------------------------------------------------------------ tc_nat ---

NAT_EXTERNAL = "192.0.2.1"
NAT_PORT_MIN, NAT_PORT_MAX = 20000, 20999
NAT_PROBES = 4
REMOTE = "93.184.216.34"


def nat_config(external=NAT_EXTERNAL):
    value = ip4("10.0.0.0") + ip4("255.0.0.0") + ip4(external) + u16(NAT_PORT_MIN) + u16(NAT_PORT_MAX)
    return {"config": [entry(u32(0), value)]}


def nat_flow(src, dst, sport, dport, proto):
    return ip4(src) + ip4(dst) + struct.pack("!HH", sport, dport) + u8(proto) + bytes(3)


def nat_endpoint(addr, port):
    return ip4(addr) + struct.pack("!H", port) + bytes(2)


def nat_probe_ports(src, dst, sport, dport, proto):
    """The ports tc_snat tries, in order, for a new flow (its flow_hash() here)."""
    le32 = lambda b: struct.unpack("<I", b)[0]
    le16 = lambda port: struct.unpack("<H", struct.pack("!H", port))[0]
    h = 0x811C9DC5
    for word in (le32(ip4(src)), le32(ip4(dst)), (le16(sport) << 16) | le16(dport), proto):
        h = ((h ^ word) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 16
    size = NAT_PORT_MAX - NAT_PORT_MIN + 1
    return [NAT_PORT_MIN + ((h + i) & 0xFFFFFFFF) % size for i in range(NAT_PROBES)]


def nat_maps(*entries):
    maps = nat_config()
    maps["nat_table"] = list(entries)
    return maps


def nat_mapping(inside, inside_port, remote, remote_port, proto, port):
    """Both nat_table entries of an established flow, as tc_snat writes them."""
    return [entry(nat_flow(inside, remote, inside_port, remote_port, proto), nat_endpoint(NAT_EXTERNAL, port)),
            entry(nat_flow(remote, NAT_EXTERNAL, remote_port, port, proto), nat_endpoint(inside, inside_port))]


def udp4_no_checksum(src, dst, sport, dport, payload):
    return ipv4(src, dst, IPPROTO_UDP, udp(sport, dport, payload))


def snat_cases():
    v4 = lambda payload: ether(payload, ETH_P_IP)
    maps = nat_maps()
    inside = "10.0.0.5"
    first_port = lambda sport, dport, proto: nat_probe_ports(inside, REMOTE, sport, dport, proto)[0]
    p_tcp = first_port(40000, 80, IPPROTO_TCP)
    p_udp = first_port(5000, 53, IPPROTO_UDP)
    p_zero = first_port(5001, 53, IPPROTO_UDP)
    p_opt = first_port(40001, 80, IPPROTO_TCP)
    probes = nat_probe_ports(inside, REMOTE, 40002, 80, IPPROTO_TCP)
    taken = lambda port: entry(nat_flow(REMOTE, NAT_EXTERNAL, 80, port, IPPROTO_TCP), nat_endpoint("10.0.0.99", 1111))
    syn = lambda src, sport, **kw: v4(tcp4(src, REMOTE, sport, 80, TCP_SYN, **kw))
    untouched = lambda name, description, frame, m=maps: case(name, description, frame, TC_ACT_OK, m,
                                                              expect_data_out=frame)
    return [
        case("tcp_syn_from_inside_gets_external_source",
             "10.0.0.5:40000 -> 192.0.2.1:%d; both directions recorded in nat_table" % p_tcp,
             syn(inside, 40000), TC_ACT_OK, maps, expect_data_out=syn(NAT_EXTERNAL, p_tcp)),
        case("udp_from_inside_gets_external_source", "10.0.0.5:5000 -> 192.0.2.1:%d" % p_udp,
             v4(udp4(inside, REMOTE, 5000, 53, b"query")), TC_ACT_OK, maps,
             expect_data_out=v4(udp4(NAT_EXTERNAL, REMOTE, p_udp, 53, b"query"))),
        case("udp_zero_checksum_stays_zero", "BPF_F_MARK_MANGLED_0 leaves a missing UDP checksum missing",
             v4(udp4_no_checksum(inside, REMOTE, 5001, 53, b"query")), TC_ACT_OK, maps,
             expect_data_out=v4(udp4_no_checksum(NAT_EXTERNAL, REMOTE, p_zero, 53, b"query"))),
        case("ipv4_options_translated", "IHL 6: the TCP header and its checksum sit 4 bytes later",
             syn(inside, 40001, options=b"\x01\x01\x01\x00"), TC_ACT_OK, maps,
             expect_data_out=syn(NAT_EXTERNAL, p_opt, options=b"\x01\x01\x01\x00")),
        case("established_flow_reuses_its_port", "nat_table already maps this flow to port 20777",
             v4(tcp4(inside, REMOTE, 40000, 80, TCP_ACK, b"data")), TC_ACT_OK,
             nat_maps(*nat_mapping(inside, 40000, REMOTE, 80, IPPROTO_TCP, 20777)),
             expect_data_out=v4(tcp4(NAT_EXTERNAL, REMOTE, 20777, 80, TCP_ACK, b"data"))),
        case("taken_port_probes_the_next", "port %d is in use towards this remote, so %d is chosen"
             % (probes[0], probes[1]), syn(inside, 40002), TC_ACT_OK, nat_maps(taken(probes[0])),
             expect_data_out=syn(NAT_EXTERNAL, probes[1])),
        case("all_probed_ports_taken_dropped", "ports %s are all in use" % probes,
             syn(inside, 40002), TC_ACT_SHOT, nat_maps(*[taken(p) for p in probes])),
        untouched("outside_source_untouched", "172.16.0.5 is not in 10.0.0.0/8", syn("172.16.0.5", 40000)),
        untouched("icmp_from_inside_untouched", "ICMP is not translated",
                  v4(icmp4_echo(inside, REMOTE))),
        untouched("ipv6_untouched", "only IPv4 is translated",
                  ether(tcp6("2001:db8::5", "2001:db8::99", 40000, 80, TCP_SYN), ETH_P_IPV6)),
        untouched("unconfigured_nat_untouched", "config has no external address",
                  syn(inside, 40000), {}),
        case("fragment_from_inside_dropped", "MF set: a fragment cannot be given a port",
             syn(inside, 40000, frag_off=0x2000), TC_ACT_SHOT, maps),
        untouched("fragment_from_outside_untouched", "fragments of traffic not translated are fine",
                  syn("172.16.0.5", 40000, frag_off=0x2000)),
        case("truncated_udp_from_inside_dropped", "only 4 bytes of UDP header",
             v4(udp4(inside, REMOTE, 5000, 53, b"query"))[:38], TC_ACT_SHOT, maps),
        case("ipv4_ihl_below_5_dropped", "IHL 4 is malformed, whatever the source",
             syn(inside, 40000, ihl=4), TC_ACT_SHOT, maps),
        case("truncated_ipv4_rejected_by_test_run",
             "EtherType IPv4 with 12 bytes of header: this kernel's BPF_PROG_TEST_RUN refuses skb input "
             "whose IPv4 header is incomplete with EINVAL before the program runs (XDP does not)",
             syn(inside, 40000)[:26], "EINVAL", maps),
    ]


def dnat_cases():
    v4 = lambda payload: ether(payload, ETH_P_IP)
    inside = "10.0.0.5"
    maps = nat_maps(*nat_mapping(inside, 40000, REMOTE, 80, IPPROTO_TCP, 20123),
                    *nat_mapping(inside, 5000, REMOTE, 53, IPPROTO_UDP, 20456))
    reply = lambda dst, dport, src=REMOTE, **kw: v4(tcp4(src, dst, 80, dport, TCP_SYN | TCP_ACK, **kw))
    untouched = lambda name, description, frame: case(name, description, frame, TC_ACT_OK, maps,
                                                      expect_data_out=frame)
    return [
        case("tcp_reply_gets_internal_destination", "192.0.2.1:20123 -> 10.0.0.5:40000",
             reply(NAT_EXTERNAL, 20123), TC_ACT_OK, maps, expect_data_out=reply(inside, 40000)),
        case("udp_reply_gets_internal_destination", "192.0.2.1:20456 -> 10.0.0.5:5000",
             v4(udp4(REMOTE, NAT_EXTERNAL, 53, 20456, b"answer")), TC_ACT_OK, maps,
             expect_data_out=v4(udp4(REMOTE, inside, 53, 5000, b"answer"))),
        untouched("reply_to_unmapped_port_untouched", "no flow uses 20999: traffic for this host",
                  reply(NAT_EXTERNAL, 20999)),
        untouched("reply_from_other_remote_untouched", "mappings are per remote endpoint",
                  reply(NAT_EXTERNAL, 20123, src="198.51.100.1")),
        untouched("to_other_address_untouched", "destination is not the external address",
                  reply("192.0.2.2", 20123)),
        case("fragment_to_external_dropped", "MF set: the reply's flow cannot be known",
             reply(NAT_EXTERNAL, 20123, frag_off=0x2000), TC_ACT_SHOT, maps),
        case("truncated_tcp_to_external_dropped", "only 10 bytes of TCP header",
             reply(NAT_EXTERNAL, 20123)[:44], TC_ACT_SHOT, maps),
    ]


# ----------------------------------------------------------- xdp_ratelimit ---

RL_BURST = 4                       # the program's .rodata defaults: burst 4,
RL_NEVER = 0xFFFFFFFFFFFFFFFF      # 1 token per second; a refill time no clock reaches

RATELIMIT_NOTES = (
    "buckets values are {u32 spin lock (always dumped as 0), u32 tokens, u64 last_refill_ns}; "
    "bytes 8..15 hold bpf_ktime_get_ns() of the run and differ between kernel and emulator. "
    "Cases never depend on the clock's value except where a description says so; "
    "runs_before packets ran back to back, well within the 1 s one token takes to earn.")


def bucket(tokens, last_refill_ns):
    return u32(0) + u32(tokens) + u64(last_refill_ns)


def ratelimit_cases():
    v4 = lambda src, **kw: ether(udp4(src, "10.0.0.2", 5000, 9000, b"x"), ETH_P_IP, **kw)
    client, other = "10.0.0.1", "10.0.0.3"
    exhausted = {"buckets": [entry(ip4(client), bucket(0, RL_NEVER))]}
    return [
        case("first_packet_from_new_source_passes",
             "no bucket yet: one is created full (4 tokens) and one is spent, leaving 3",
             v4(client), XDP_PASS),
        case("burst_within_bucket_passes", "the 4th packet in a row spends the last token",
             v4(client), XDP_PASS, runs_before=[warmup(v4(client), XDP_PASS)] * (RL_BURST - 1)),
        case("packet_beyond_burst_dropped", "the 5th packet in a row finds the bucket empty; counter 1",
             v4(client), XDP_DROP, runs_before=[warmup(v4(client), XDP_PASS)] * RL_BURST),
        case("empty_bucket_without_refill_dropped",
             "tokens 0 and last refill in the future: nothing is earned",
             v4(client), XDP_DROP, exhausted),
        case("vlan_tagged_packet_is_limited_too", "the tag is skipped; same empty bucket",
             v4(client, vlans=[(ETH_P_8021Q, 7)]), XDP_DROP, exhausted),
        case("other_source_has_its_own_bucket", "10.0.0.3 is not limited by 10.0.0.1's empty bucket",
             v4(other), XDP_PASS, exhausted),
        case("empty_bucket_refilled_after_long_idle",
             "tokens 0, last refill at time 0: more than burst/rate = 4 s have passed, so the bucket "
             "is full again and one token is spent (depends on the clock: needs ktime > 4 s)",
             v4(client), XDP_PASS, {"buckets": [entry(ip4(client), bucket(0, 0))]}),
        case("ipv6_is_not_limited", "non-IPv4 passes uncounted",
             ether(udp6("2001:db8::1", "2001:db8::2", 5000, 9000, b"x"), ETH_P_IPV6), XDP_PASS, exhausted),
        case("arp_is_not_limited", "non-IPv4 passes uncounted",
             arp_request(client, "10.0.0.2"), XDP_PASS, exhausted),
        case("truncated_ipv4_dropped", "EtherType IPv4 with 8 bytes of header; not counted",
             v4(client)[:22], XDP_DROP, exhausted),
    ]


# -------------------------------------------------------------- xdp_logger ---

EVENT_TCP_SYN, EVENT_WATCHED_PORT = 1, 2
LOGGER_RING_CAPACITY = 63          # 64-byte slots in 4096 bytes, one kept free
LOGGER_NOTES = (
    "events is a ring buffer: maps_after lists its unconsumed records, oldest first. "
    "A record is struct event {u64 timestamp_ns, u32 kind, u32 length, u8 saddr[16], u8 daddr[16], "
    "be16 sport, be16 dport, u8 protocol, u8 family, u16 pad} (56 bytes); bytes 0..7 hold "
    "bpf_ktime_get_ns() and differ between kernel and emulator.")


def logger_event(kind, frame, family, proto, src, dst, sport, dport):
    """A record without its 8-byte timestamp."""
    pack_addr = (lambda a: ip4(a) + bytes(12)) if family == 4 else ip6
    return (u32(kind) + u32(len(frame)) + pack_addr(src) + pack_addr(dst)
            + struct.pack("!HH", sport, dport) + u8(proto) + u8(family) + u16(0))


def logger_expect(*events, logged=None, lost=0):
    """A check that the ring holds exactly events (timestamps aside) and stats agree."""
    def check(name, maps):
        records = [bytes.fromhex(r["record"])[8:] for r in maps["events"]]
        if records != list(events):
            raise RecordingError("case %s: ring holds %s, expected %s"
                                 % (name, [r.hex() for r in records], [e.hex() for e in events]))
        stats = {e["key"]: struct.unpack("<Q", bytes.fromhex(e["value"]))[0] for e in maps["stats"]}
        want = {k: v for k, v in ((u32(0).hex(), len(events) if logged is None else logged),
                                  (u32(1).hex(), lost)) if v}
        if stats != want:
            raise RecordingError("case %s: stats %s, expected %s" % (name, stats, want))
    return check


def logger_cases():
    watched = {"watched_ports": [entry(u16(22), u8(1)), entry(u16(53), u8(1))]}
    client, server = "10.0.0.1", "10.0.0.2"
    v4 = lambda payload, **kw: ether(payload, ETH_P_IP, **kw)
    syn = v4(tcp4(client, server, 40000, 80, TCP_SYN))
    syn_event = logger_event(EVENT_TCP_SYN, syn, 4, IPPROTO_TCP, client, server, 40000, 80)
    dns = v4(udp4(client, server, 5353, 53, b"query"))
    dns_event = logger_event(EVENT_WATCHED_PORT, dns, 4, IPPROTO_UDP, client, server, 5353, 53)
    ssh_ack = v4(tcp4(client, server, 40001, 22, TCP_ACK, b"data"))
    ssh_syn = v4(tcp4(client, server, 40001, 22, TCP_SYN))
    syn6 = ether(tcp6("2001:db8::1", "2001:db8::2", 40000, 443, TCP_SYN), ETH_P_IPV6)
    vlan_syn = v4(tcp4(client, server, 40000, 80, TCP_SYN), vlans=[(ETH_P_8021Q, 3)])
    fill_ring = [warmup(syn, XDP_PASS)] * LOGGER_RING_CAPACITY
    nothing = logger_expect()
    return [
        case("tcp_syn_logged_through_reserve", "one EVENT_TCP_SYN record", syn, XDP_PASS, watched,
             check=logger_expect(syn_event)),
        case("udp_to_watched_port_logged_through_output", "one EVENT_WATCHED_PORT record", dns, XDP_PASS,
             watched, check=logger_expect(dns_event)),
        case("tcp_ack_to_watched_port_logged", "port 22 is watched", ssh_ack, XDP_PASS, watched,
             check=logger_expect(logger_event(EVENT_WATCHED_PORT, ssh_ack, 4, IPPROTO_TCP, client, server,
                                              40001, 22))),
        case("syn_to_watched_port_logged_once", "a single record, of kind EVENT_TCP_SYN", ssh_syn, XDP_PASS,
             watched, check=logger_expect(logger_event(EVENT_TCP_SYN, ssh_syn, 4, IPPROTO_TCP, client, server,
                                                       40001, 22))),
        case("ipv6_syn_logged", "family 6, full addresses", syn6, XDP_PASS, watched,
             check=logger_expect(logger_event(EVENT_TCP_SYN, syn6, 6, IPPROTO_TCP, "2001:db8::1",
                                              "2001:db8::2", 40000, 443))),
        case("vlan_tagged_syn_logged", "length counts the tag", vlan_syn, XDP_PASS, watched,
             check=logger_expect(logger_event(EVENT_TCP_SYN, vlan_syn, 4, IPPROTO_TCP, client, server,
                                              40000, 80))),
        case("syn_ack_not_logged", "SYN with ACK is an answer, not an attempt",
             v4(tcp4(server, client, 80, 40000, TCP_SYN | TCP_ACK)), XDP_PASS, watched, check=nothing),
        case("udp_to_unwatched_port_not_logged", "port 123 is not watched",
             v4(udp4(client, server, 123, 123, b"ntp")), XDP_PASS, watched, check=nothing),
        case("icmp_not_logged", "neither TCP nor UDP", v4(icmp4_echo(client, server)), XDP_PASS, watched,
             check=nothing),
        case("truncated_tcp_not_logged", "TCP header cut after 12 bytes; still XDP_PASS",
             syn[:46], XDP_PASS, watched, check=nothing),
        case("arp_not_logged", "not IP", arp_request(client, server), XDP_PASS, watched, check=nothing),
        case("syn_lost_when_ring_full", "63 records fill the 4096-byte ring; the 64th reserve fails",
             syn, XDP_PASS, watched, runs_before=fill_ring,
             check=logger_expect(*[syn_event] * LOGGER_RING_CAPACITY, lost=1)),
        case("output_lost_when_ring_full", "after 63 records bpf_ringbuf_output fails too",
             dns, XDP_PASS, watched, runs_before=fill_ring,
             check=logger_expect(*[syn_event] * LOGGER_RING_CAPACITY, lost=1)),
    ]


# ------------------------------------------------------------ xdp_pipeline ---

PIPELINE_NOTES = (
    "jmp_table is filled by libbpf from the static initialiser in xdp_pipeline.c; maps_after lists "
    "its slots by program name. xdp_pipeline reserves 12 bytes of metadata with bpf_xdp_adjust_meta, "
    "and BPF_PROG_TEST_RUN copies data_out from data_meta: every data_out starts with "
    "struct pipeline_meta {u32 verdict, be32 saddr, u16 dport, u8 protocol, u8 pad}.")

VERDICT_PASS, VERDICT_DROP, VERDICT_REFLECT = 0, 1, 2


def pipeline_meta(verdict=0, saddr="0.0.0.0", dport=0, proto=0):
    return u32(verdict) + ip4(saddr) + u16(dport) + u8(proto) + u8(0)


def pipeline_cases():
    def rule(port, proto, verdict):
        return entry(u16(port) + u8(proto) + u8(0), u32(verdict))
    maps = {"policy": [rule(23, IPPROTO_TCP, VERDICT_DROP), rule(7, IPPROTO_UDP, VERDICT_REFLECT),
                       rule(0, IPPROTO_ICMP, VERDICT_DROP)]}
    client, server = "10.0.0.1", "10.0.0.2"
    v4 = lambda payload, **kw: ether(payload, ETH_P_IP, **kw)
    https = v4(tcp4(client, server, 40000, 443, TCP_SYN))
    echo = v4(udp4(client, server, 5000, 7, b"hello"))
    reflected = ether(udp4(client, server, 5000, 7, b"hello"), ETH_P_IP, dst=CLIENT_MAC, src=ROUTER_MAC)
    syn6 = ether(tcp6("2001:db8::1", "2001:db8::2", 40000, 443, TCP_SYN), ETH_P_IPV6)
    arp = arp_request(client, server)
    telnet = v4(tcp4(client, server, 40000, 23, TCP_SYN), vlans=[(ETH_P_8021Q, 9)])
    return [
        case("tcp_without_rule_passes", "parser -> policy (no rule) -> action: VERDICT_PASS, counter 0",
             https, XDP_PASS, maps,
             expect_data_out=pipeline_meta(VERDICT_PASS, client, 443, IPPROTO_TCP) + https),
        case("telnet_dropped", "rule TCP 23 -> VERDICT_DROP; behind a VLAN tag; counter 1",
             telnet, XDP_DROP, maps,
             expect_data_out=pipeline_meta(VERDICT_DROP, client, 23, IPPROTO_TCP) + telnet),
        case("udp_echo_reflected", "rule UDP 7 -> VERDICT_REFLECT: MACs swapped, XDP_TX; counter 2",
             echo, XDP_TX, maps,
             expect_data_out=pipeline_meta(VERDICT_REFLECT, client, 7, IPPROTO_UDP) + reflected),
        case("icmp_dropped_by_port_0_rule", "ICMP has dport 0 in the metadata; rule ICMP 0 -> drop",
             v4(icmp4_echo(client, server)), XDP_DROP, maps),
        case("later_fragment_passes_with_port_0", "no ports in a later fragment: dport stays 0, and no rule has TCP 0",
             v4(ipv4(client, server, IPPROTO_TCP, bytes(16), frag_off=100)), XDP_PASS, maps),
        case("ipv6_falls_through_empty_slot",
             "STAGE_POLICY_V6 is empty: the tail call returns and the parser passes; counter 3",
             syn6, XDP_PASS, maps, expect_data_out=pipeline_meta() + syn6),
        case("arp_bypasses_pipeline", "non-IP passes from the parser, uncounted; metadata still reserved",
             arp, XDP_PASS, maps, expect_data_out=pipeline_meta() + arp),
        case("truncated_ipv4_dropped", "parser drops a 12-byte IPv4 header without counting",
             https[:26], XDP_DROP, maps),
        case("truncated_ports_dropped", "parser drops a TCP header cut after 2 bytes",
             https[:36], XDP_DROP, maps),
    ]


# ------------------------------------------------------------- xdp_sampler ---

SAMPLER_HEAD = 64
SAMPLER_RING_CAPACITY = 46         # 88-byte slots (8-byte header + 80) in 4096 bytes
SAMPLER_NOTES = (
    "samples is a ring buffer: maps_after lists its unconsumed records, oldest first. A record is "
    "struct sample {u32 sample_rate, u32 frame_len, u32 ingress_ifindex, u32 head_len, u8 head[64]} "
    "(80 bytes). Which packets are sampled is random (bpf_get_prandom_u32() % sample_rate), so only "
    "the rates whose outcome does not depend on it are recorded: 0 (off) and 1 (every packet).")


def sampler_config(rate):
    return {"config": [entry(u32(0), u32(rate))]}


def sampler_record(rate, frame, ifindex=1):
    head = frame[:SAMPLER_HEAD]
    return u32(rate) + u32(len(frame)) + u32(ifindex) + u32(len(head)) + head + bytes(SAMPLER_HEAD - len(head))


def sampler_expect(*records, seen=1, lost=0):
    """A check that the ring holds exactly records and that CPU 0's counters agree."""
    def check(name, maps):
        ring = [bytes.fromhex(r["record"]) for r in maps["samples"]]
        if ring != list(records):
            raise RecordingError("case %s: ring holds %s, expected %s"
                                 % (name, [r.hex() for r in ring], [r.hex() for r in records]))
        counters = {e["key"]: struct.unpack("<Q", bytes.fromhex(e["values"][RUN_CPU]))[0]
                    for e in maps["counters"]}
        want = {k: v for k, v in ((u32(0).hex(), seen), (u32(1).hex(), len(records)), (u32(2).hex(), lost)) if v}
        if counters != want:
            raise RecordingError("case %s: counters %s, expected %s" % (name, counters, want))
    return check


def sampler_cases():
    client, server = "10.0.0.1", "10.0.0.2"
    syn = ether(tcp4(client, server, 40000, 443, TCP_SYN), ETH_P_IP)
    datagram = ether(udp4(client, server, 5000, 9000, bytes(158)), ETH_P_IP)
    arp = arp_request(client, server)
    every = sampler_config(1)
    return [
        case("sampling_off_counts_only", "sample_rate 0: seen, not sampled", syn, XDP_PASS, sampler_config(0),
             expect_data_out=syn, check=sampler_expect(seen=1)),
        case("rate_1_samples_a_syn", "sample_rate 1 samples every packet: all 54 bytes, zero-padded head",
             syn, XDP_PASS, every, expect_data_out=syn, check=sampler_expect(sampler_record(1, syn))),
        case("rate_1_samples_arp_too", "any frame is sampled, IP or not", arp, XDP_PASS, every,
             check=sampler_expect(sampler_record(1, arp))),
        case("long_frame_head_cut_to_64", "a 200-byte frame: frame_len 200, head_len 64",
             datagram, XDP_PASS, every, expect_data_out=datagram, check=sampler_expect(sampler_record(1, datagram))),
        case("sample_lost_when_ring_full", "46 samples fill the 4096-byte ring; the 47th reserve fails",
             syn, XDP_PASS, every, runs_before=[warmup(syn, XDP_PASS)] * SAMPLER_RING_CAPACITY,
             check=sampler_expect(*[sampler_record(1, syn)] * SAMPLER_RING_CAPACITY,
                                  seen=SAMPLER_RING_CAPACITY + 1, lost=1)),
    ]


# -------------------------------------------------------------- socket_dns ---

SOCKET_NOTES = (
    "A socket filter's test run pulls the Ethernet header before the program runs: absolute "
    "loads count from the IPv4 header, skb->len excludes the 14 Ethernet bytes, and data_out "
    "has the Ethernet header replaced by 14 zero bytes.")


def socket_dns_cases():
    client, resolver = "10.0.0.1", "10.0.0.53"
    v4 = lambda payload, **kw: ether(payload, ETH_P_IP, **kw)
    query = v4(udp4(client, resolver, 5353, 53, b"\x12\x34query"))
    return [
        case("dns_query_kept_whole", "returns skb->len: the frame minus its 14-byte Ethernet header",
             query, len(query) - 14),
        case("dns_query_with_ip_options_kept", "IHL 6: the UDP port is found through an indirect load",
             v4(udp4(client, resolver, 5353, 53, b"q", options=b"\x01\x01\x01\x00")), 20 + 4 + 8 + 1),
        case("udp_to_other_port_dropped", "port 123", v4(udp4(client, resolver, 123, 123, b"ntp")), 0),
        case("dns_over_tcp_dropped", "only UDP is kept",
             v4(tcp4(client, resolver, 40000, 53, TCP_SYN)), 0),
        case("later_fragment_dropped", "fragment offset 10, even if its bytes look like port 53",
             v4(ipv4(client, resolver, IPPROTO_UDP, struct.pack("!HH", 5353, 53) + bytes(8), frag_off=10)), 0),
        case("ipv6_dropped", "skb->protocol is not IPv4",
             ether(udp6("2001:db8::1", "2001:db8::53", 5353, 53, b"q"), ETH_P_IPV6), 0),
        case("arp_dropped", "skb->protocol is ARP", arp_request(client, resolver), 0),
        case("truncated_udp_header_ends_program",
             "IPv4 header complete but only 2 bytes of UDP: the load of the port is out of bounds, "
             "so the program ends and returns 0", v4(udp4(client, resolver, 5353, 53, b"q"))[:36], 0),
    ]


# ------------------------------------------------------------------ runner ---

class RecordingError(Exception):
    pass


class BpftoolError(RecordingError):
    def __init__(self, command, message):
        super().__init__("%s failed: %s" % (" ".join(command), message))
        self.message = message

    def errno_name(self):
        """The errno behind bpftool's strerror() text, e.g. "EINVAL", or None."""
        for number, name in errno.errorcode.items():
            if self.message.endswith(os.strerror(number)):
                return name
        return None


def bpftool(*args, cpu=None):
    command = (["taskset", "-c", str(cpu)] if cpu is not None else []) + ["bpftool"] + list(args)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BpftoolError(command, (result.stderr or result.stdout).strip())
    return result.stdout


def hex_bytes(values):
    """bpftool's ["0x0a", "0x00"] as "0a00"."""
    return "".join(v[2:] for v in values)


def hex_args(data):
    return ["hex"] + ["%02x" % b for b in data]


# ------------------------------------------------------------ ring buffers ---
# bpftool cannot dump a ring buffer, so its records are read the way a consumer
# does: open the pinned map with BPF_OBJ_GET and map its pages.

SYS_BPF = {"x86_64": 321, "aarch64": 280}
BPF_OBJ_GET = 7
RINGBUF_BUSY_BIT = 1 << 31
RINGBUF_DISCARD_BIT = 1 << 30
RINGBUF_HDR_SZ = 8


def bpf_obj_get(path):
    libc = ctypes.CDLL(None, use_errno=True)
    name = ctypes.create_string_buffer(path.encode())
    attr = ctypes.create_string_buffer(struct.pack("=QII", ctypes.addressof(name), 0, 0), 128)
    libc.syscall.restype = ctypes.c_long
    fd = libc.syscall(ctypes.c_long(SYS_BPF[platform.machine()]), ctypes.c_long(BPF_OBJ_GET),
                      attr, ctypes.c_long(128))
    if fd < 0:
        raise RecordingError("BPF_OBJ_GET %s: %s" % (path, os.strerror(ctypes.get_errno())))
    return fd


def ringbuf_records(path, size):
    """Every committed record between the consumer and producer positions."""
    fd = bpf_obj_get(path)
    try:
        page = mmap.PAGESIZE
        with mmap.mmap(fd, page, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE, offset=0) as cons, \
                mmap.mmap(fd, page + 2 * size, mmap.MAP_SHARED, mmap.PROT_READ, offset=page) as prod:
            consumer = struct.unpack_from("<Q", cons, 0)[0]
            producer = struct.unpack_from("<Q", prod, 0)[0]
            records = []
            while consumer < producer:
                offset = page + (consumer & (size - 1))
                header = struct.unpack_from("<I", prod, offset)[0]
                length = header & ~(RINGBUF_BUSY_BIT | RINGBUF_DISCARD_BIT)
                if header & RINGBUF_BUSY_BIT:
                    raise RecordingError("ring buffer %s holds an uncommitted record" % path)
                data = prod[offset + RINGBUF_HDR_SZ:offset + RINGBUF_HDR_SZ + length]
                record = {"record": data.hex()}
                if header & RINGBUF_DISCARD_BIT:
                    record["discarded"] = True
                records.append(record)
                consumer += (RINGBUF_HDR_SZ + length + 7) & ~7
            return records
    finally:
        os.close(fd)


class LoadedObject:
    """One `bpftool prog loadall` of an object, pinned under bpffs until closed."""

    def __init__(self, obj_path, stem):
        self.prog_dir = os.path.join(PIN_ROOT, PIN_PREFIX + stem)
        self.map_dir = self.prog_dir + "_maps"
        self.close()
        bpftool("prog", "loadall", obj_path, self.prog_dir, "pinmaps", self.map_dir)
        self.maps = {}
        self.sizes = {}
        # bpftool creates no map directory for an object without maps.
        names = os.listdir(self.map_dir) if os.path.isdir(self.map_dir) else []
        for name in sorted(names):
            info = json.loads(bpftool("map", "show", "pinned", self.map_path(name), "-j"))
            self.maps[name] = info["type"]
            self.sizes[name] = info["max_entries"]

    def map_path(self, name):
        return os.path.join(self.map_dir, name)

    def prog_path(self, name):
        return os.path.join(self.prog_dir, name)

    def update(self, name, key, value):
        if name not in self.maps:
            raise RecordingError("no map named %r; the object has %s" % (name, sorted(self.maps)))
        bpftool("map", "update", "pinned", self.map_path(name), "key", *hex_args(key),
                "value", *hex_args(value))

    def dump(self):
        """Every dumpable map, entries sorted by key; all-zero array slots left out.
        A ring buffer is the list of its unconsumed records, oldest first."""
        result = {}
        for name, kind in self.maps.items():
            if kind == "prog_array":
                result[name] = self.program_slots(name)
                continue
            if kind == "ringbuf":
                result[name] = ringbuf_records(self.map_path(name), self.sizes[name])
                continue
            entries = []
            for item in json.loads(bpftool("map", "dump", "pinned", self.map_path(name), "-j")):
                key = hex_bytes(item["key"])
                if "values" in item:
                    values = [hex_bytes(v["value"]) for v in sorted(item["values"], key=lambda v: v["cpu"])]
                    record = {"key": key, "values": values}
                    nonzero = any(set(v) != {"0"} for v in values)
                else:
                    value = hex_bytes(item["value"])
                    record = {"key": key, "value": value}
                    nonzero = set(value) != {"0"}
                if nonzero or kind not in ARRAY_MAP_TYPES:
                    entries.append(record)
            result[name] = sorted(entries, key=lambda e: e["key"])
        return result

    def program_slots(self, name):
        """A program array's slots by program name: its ids mean nothing elsewhere."""
        slots = []
        for item in json.loads(bpftool("map", "dump", "pinned", self.map_path(name), "-j")):
            prog_id = struct.unpack("<I", bytes.fromhex(hex_bytes(item["value"])))[0]
            info = json.loads(bpftool("prog", "show", "id", str(prog_id), "-j"))
            slots.append({"key": hex_bytes(item["key"]), "program": info["name"]})
        return sorted(slots, key=lambda e: e["key"])

    def run(self, program, data_in, ctx_in, workdir):
        """One BPF_PROG_TEST_RUN on RUN_CPU; returns (return value, data out, ctx out).
        When the kernel refuses the run itself, returns the errno name, e.g. "EINVAL",
        in place of the return value and None for the rest."""
        paths = {n: os.path.join(workdir, n) for n in ("in", "out", "ctx_in", "ctx_out")}
        with open(paths["in"], "wb") as f:
            f.write(data_in)
        args = ["prog", "run", "pinned", self.prog_path(program), "data_in", paths["in"],
                "data_out", paths["out"], "data_size_out", str(DATA_SIZE_OUT)]
        if ctx_in is not None:
            with open(paths["ctx_in"], "wb") as f:
                f.write(ctx_in)
            args += ["ctx_in", paths["ctx_in"], "ctx_out", paths["ctx_out"],
                     "ctx_size_out", str(len(ctx_in))]
        try:
            output = bpftool(*args, "repeat", "1", cpu=RUN_CPU)
        except BpftoolError as e:
            if "failed to run program" not in e.message or not e.errno_name():
                raise
            return e.errno_name(), None, None
        match = re.search(r"Return value: (\d+)", output)
        if not match:
            raise RecordingError("no return value in bpftool output: %r" % output)
        with open(paths["out"], "rb") as f:
            data_out = f.read()
        ctx_out = None
        if ctx_in is not None:
            with open(paths["ctx_out"], "rb") as f:
                ctx_out = f.read().hex()
        return int(match.group(1)), data_out.hex(), ctx_out

    def close(self):
        for path in (getattr(self, "prog_dir", None), getattr(self, "map_dir", None)):
            if path and os.path.isdir(path):
                shutil.rmtree(path)


def hexed(maps):
    return {name: [{"key": e["key"].hex(), "value": e["value"].hex()} for e in entries]
            for name, entries in maps.items()}


def record_case(obj_path, spec, c, workdir):
    loaded = LoadedObject(obj_path, spec["stem"])
    try:
        for name, entries in c["maps_before"].items():
            for e in entries:
                loaded.update(name, e["key"], e["value"])
        runs_before = []
        for w in c["runs_before"]:
            ret, data_out, ctx_out = loaded.run(spec["program"], w["data_in"], w["ctx_in"], workdir)
            if ret != w["expect"]:
                raise RecordingError("case %s: warm-up packet returned %s, expected %s"
                                     % (c["name"], ret, w["expect"]))
            runs_before.append({"data_in": w["data_in"].hex(),
                                "ctx_in": w["ctx_in"].hex() if w["ctx_in"] is not None else None,
                                "return_value": ret, "data_out": data_out, "ctx_out": ctx_out})
        ret, data_out, ctx_out = loaded.run(spec["program"], c["data_in"], c["ctx_in"], workdir)
        if ret != c["expect"]:
            raise RecordingError("case %s: the kernel returned %s, the case expects %s"
                                 % (c["name"], ret, c["expect"]))
        if c["expect_data_out"] is not None and data_out != c["expect_data_out"].hex():
            raise RecordingError("case %s: the kernel left packet\n  %s\nthe case expects\n  %s"
                                 % (c["name"], data_out, c["expect_data_out"].hex()))
        result = {"name": c["name"], "description": c["description"], "maps_before": hexed(c["maps_before"])}
        if runs_before:
            result["runs_before"] = runs_before
        result.update({"data_in": c["data_in"].hex(),
                       "ctx_in": c["ctx_in"].hex() if c["ctx_in"] is not None else None})
        if isinstance(ret, str):
            result["error"] = ret        # the test run itself failed; no program result
        else:
            result.update({"return_value": ret, "data_out": data_out, "ctx_out": ctx_out})
        result["maps_after"] = loaded.dump()
        if c["check"]:
            c["check"](c["name"], result["maps_after"])
        return result
    finally:
        loaded.close()


PROGRAMS = {
    "xdp_firewall": {"object": "xdp_firewall.o", "program": "xdp_firewall", "cases": firewall_cases},
    "xdp_lb": {"object": "xdp_lb.o", "program": "xdp_lb", "cases": lb_cases},
    "tc_nat_snat": {"object": "tc_nat.o", "program": "tc_snat", "cases": snat_cases},
    "tc_nat_dnat": {"object": "tc_nat.o", "program": "tc_dnat", "cases": dnat_cases},
    "xdp_ratelimit": {"object": "xdp_ratelimit.o", "program": "xdp_ratelimit", "cases": ratelimit_cases,
                      "notes": RATELIMIT_NOTES},
    "xdp_logger": {"object": "xdp_logger.o", "program": "xdp_logger", "cases": logger_cases,
                   "notes": LOGGER_NOTES},
    "xdp_pipeline": {"object": "xdp_pipeline.o", "program": "xdp_pipeline", "cases": pipeline_cases,
                     "notes": PIPELINE_NOTES},
    "xdp_sampler": {"object": "xdp_sampler.o", "program": "xdp_sampler", "cases": sampler_cases,
                    "notes": SAMPLER_NOTES},
    "socket_dns": {"object": "socket_dns.o", "program": "socket_dns", "cases": socket_dns_cases,
                   "notes": SOCKET_NOTES},
}


def record(stem, spec):
    spec = dict(spec, stem=stem)
    obj_path = os.path.join(HERE, spec["object"])
    with tempfile.TemporaryDirectory() as workdir:
        cases = [record_case(obj_path, spec, c, workdir) for c in spec["cases"]()]
    document = {"object": spec["object"], "program": spec["program"], "kernel": platform.release(),
                "run_cpu": RUN_CPU, "possible_cpus": os.cpu_count()}
    if spec.get("notes"):
        document["notes"] = spec["notes"]
    document["cases"] = cases
    os.makedirs(OUT_DIR, exist_ok=True)
    out_path = os.path.join(OUT_DIR, stem + ".json")
    with open(out_path, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    print("%-14s %2d cases -> %s" % (stem, len(cases), os.path.relpath(out_path)))


def main(argv):
    if os.geteuid() != 0:
        sys.exit("record-kernel-results.py must run as root: it loads programs into the kernel")
    wanted = argv[1:] or list(PROGRAMS)
    unknown = [w for w in wanted if w not in PROGRAMS]
    if unknown:
        sys.exit("unknown program(s) %s; known: %s" % (", ".join(unknown), ", ".join(PROGRAMS)))
    try:
        for stem in wanted:
            record(stem, PROGRAMS[stem])
    except RecordingError as e:
        sys.exit("error: %s" % e)


if __name__ == "__main__":
    main(sys.argv)
