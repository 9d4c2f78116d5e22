// SPDX-License-Identifier: GPL-2.0
/*
 * Every layout a skeleton generator must get right, in one object: a struct with
 * padding, a nested struct, arrays (of integers, of structs, of two dimensions),
 * an enum, a union, bitfields (unsigned and signed, straddling a byte), __be
 * fields, globals in .data, .bss, .rodata and a custom .data.stats section, and
 * a ring buffer whose records the BTF names through a decl tag.
 *
 * write_record stores a record built from known constants (key 1) and copies
 * fields of the record user space put at key 2 into globals, so a test can check
 * both directions against what C reads and writes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum mode {
	MODE_OFF = 0,
	MODE_ON = 1,
	MODE_AUTO = 7,
};

struct endpoint {
	__be32 addr;
	__be16 port;
	__u16 weight;
};

union address {
	__u32 v4;
	__u8 v6[16];
};

struct record {
	__u8 kind;                  /* 7 bytes of padding follow */
	__u64 count;
	struct endpoint peer;       /* nested */
	struct endpoint hops[2];    /* array of structs */
	__u16 grid[2][3];           /* two dimensions */
	enum mode mode;
	union address addr;
	__u32 low : 3;              /* bitfields sharing one word */
	__u32 mid : 9;
	__s32 neg : 4;
	char name[6];
	__s16 delta;
};

struct event {
	__u64 seq;
	enum mode mode;
	__be16 port;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct record);
} records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct endpoint);
} endpoints SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps") __attribute__((btf_decl_tag("ebpftest.record=struct event")));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} untyped SEC(".maps");

const volatile __u32 scale = 1;             /* .rodata: set before load */
const volatile enum mode default_mode = MODE_ON;
__u64 runs = 0;                             /* .bss */
__u32 seen_mid, seen_low, seen_v4, seen_grid12;
__s32 seen_neg;
__u16 seen_port, seen_weight;
struct endpoint last_peer = { .addr = 0, .port = 0, .weight = 1 };  /* .data */
__u32 custom_counter SEC(".data.stats") = 42;
struct event last_event;                    /* keeps struct event in the BTF */

SEC("xdp")
int write_record(struct xdp_md *ctx)
{
	__u32 key = 1;
	struct record r;
	struct record *in;
	struct event *e;

	__builtin_memset(&r, 0, sizeof(r));
	r.kind = 3;
	r.count = 0x1122334455667788ULL * scale;
	r.peer.addr = bpf_htonl(0x0a000001);
	r.peer.port = bpf_htons(8080);
	r.peer.weight = 300;
	r.hops[0].addr = bpf_htonl(0xc0a80001);
	r.hops[0].port = bpf_htons(53);
	r.hops[1].weight = 7;
	r.grid[0][1] = 2;
	r.grid[1][2] = 0xbeef;
	r.mode = default_mode;
	r.addr.v4 = 0xdeadbeef;
	r.low = 5;
	r.mid = 300;
	r.neg = -3;
	r.name[0] = 'l';
	r.name[1] = 'b';
	r.delta = -2;
	bpf_map_update_elem(&records, &key, &r, BPF_ANY);

	key = 2;
	in = bpf_map_lookup_elem(&records, &key);
	if (in) {
		seen_mid = in->mid;
		seen_low = in->low;
		seen_neg = in->neg;
		seen_v4 = in->addr.v4;
		seen_grid12 = in->grid[1][2];
		seen_port = bpf_ntohs(in->peer.port);
		seen_weight = in->hops[1].weight;
		last_peer = in->peer;
	}
	runs++;
	custom_counter++;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->seq = runs;
		e->mode = default_mode;
		e->port = bpf_htons(8080);
		last_event = *e;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_ringbuf_output(&untyped, &key, sizeof(key), 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
