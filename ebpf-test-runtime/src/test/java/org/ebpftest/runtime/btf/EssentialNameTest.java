package org.ebpftest.runtime.btf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names without their {@code ___flavour} suffix, cut as libbpf's {@code bpf_core_essential_name_len} cuts them. */
class EssentialNameTest {
    @Test
    void cutsTheLastFlavourSuffix() {
        assertThat(Btf.essentialName("nf_conn___local")).isEqualTo("nf_conn");
        assertThat(Btf.essentialName("sk_buff___probe")).isEqualTo("sk_buff");
        assertThat(Btf.essentialName("a___b___c")).isEqualTo("a___b");
    }

    @Test
    void keepsNamesWhoseTripleUnderscoreIsNoFlavourSeparator() {
        // an underscore on either side of the ___, or nothing before it, is no separator
        assertThat(Btf.essentialName("a____b")).isEqualTo("a____b");
        assertThat(Btf.essentialName("___x")).isEqualTo("___x");
        assertThat(Btf.essentialName("x___")).isEqualTo("x___");
        assertThat(Btf.essentialName("task_struct")).isEqualTo("task_struct");
    }
}
