// The program of BatchRunBenchmark: parses Ethernet, IPv4 and TCP, drops TCP port 22 and counts
// verdicts in a per-CPU array, as a small firewall does. Rebuild with ./build.sh.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

SEC("xdp")
int count_ssh(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = (void *)(ip + 1);
	__u32 verdict = XDP_PASS;
	__u64 *count;

	if ((void *)(tcp + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && ip->ihl == 5
	    && ip->protocol == IPPROTO_TCP && tcp->dest == bpf_htons(22))
		verdict = XDP_DROP;
	__u32 key = verdict == XDP_DROP;
	count = bpf_map_lookup_elem(&verdicts, &key);
	if (count)
		*count += 1;
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
