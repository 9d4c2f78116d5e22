// Stands in for a kernel's BTF for core_compat.c: for each local field a member of the same name
// and another type, and several flavours of a type where core_compat.c tells them apart.
typedef unsigned long long fc_u64_t;

union fc_other {
	long y;
};

enum fc_color { FC_RED };
enum fc_color___v2 { FC_RED___v2 };
enum fc_shade { FC_DARK };

struct fc_pairs {
	short int_sizes;
	void *int_vs_ptr;
	int *ptrs;
	enum fc_color___v2 flavoured_enum;
	enum fc_color int_vs_enum;
	long pad;
	long arr[2];
	int *arr_vs_ptr;
	union fc_other comp;
	int comp_vs_int;
	fc_u64_t mods;
	enum fc_shade other_enum;
	enum fc_color anon_enum;
	double flt;
	int flt_vs_int;
	int comps[2];
};

struct fc_pick {
	void *x;
};

struct fc_pick___v2 {
	int pad;
	int x;
};

struct fc_prune {
	char *a;
	int c;
};

struct fc_prune___v2 {
	int a;
};

enum fc_level { FC_LOW, FC_MID, FC_HIGH };
enum fc_level___v2 { FC_LOW___v2, FC_HIGH___v2 = 2 };
enum fc_mode { FC_MODE_A = 3 };
enum fc_mode___v2 { FC_MODE_B___v2 = 9 };
enum fc_wide { FC_WIDE_ONE = 0x100000001ULL };
enum fc_huge { FC_HUGE = 7 };

struct fc_pairs pairs;
struct fc_pick pick;
struct fc_pick___v2 pick2;
struct fc_prune prune;
struct fc_prune___v2 prune2;
enum fc_level level;
enum fc_level___v2 level2;
enum fc_mode mode;
enum fc_mode___v2 mode2;
enum fc_wide wide;
enum fc_huge huge;
