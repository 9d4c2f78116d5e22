// Tests in the PKTGEN/SETUP/CHECK convention that fail, to prove failures are reported with the
// test's name, the assertion's line and what the test logged.
#include "suite_convention.h"
#include <linux/pkt_cls.h>

char LICENSE[] SEC("license") = "GPL";

CHECK("tc", "a_wrong_length")
int wrong_length(struct __sk_buff *skb)
{
	ct_begin();
	CT_TEST("length_is_60", {
		ct_log("len is %u", skb->len);
		ct_assert(skb->len == 60);
	});
	CT_TEST("still_runs", {
		ct_assert(1);
	});
	ct_end();
}

CHECK("tc", "b_passes")
int passes(struct __sk_buff *skb)
{
	ct_begin();
	CT_TEST("fine", {
		ct_assert(skb->len > 0);
	});
	ct_end();
}

SETUP("tc", "c_setup_fails")
int setup_fails(struct __sk_buff *skb)
{
	return CT_FAIL;
}

CHECK("tc", "c_setup_fails")
int after_failed_setup(struct __sk_buff *skb)
{
	ct_begin();
	ct_end();
}
