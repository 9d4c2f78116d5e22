// A target BTF for core_compat.c where two flavours of enum fc_level give FC_HIGH other values:
// libbpf refuses the object ("relocation decision ambiguity").
enum fc_level { FC_LOW, FC_HIGH = 2 };
enum fc_level___v2 { FC_HIGH___v2 = 7 };

enum fc_level level;
enum fc_level___v2 level2;
