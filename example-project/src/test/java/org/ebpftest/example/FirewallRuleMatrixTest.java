package org.ebpftest.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ebpftest.junit.BpfFixture;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.FixtureSource;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The firewall's rule matrix (PROGRAMS.md, "First match wins") as data: one JSON fixture per row,
 * in {@code src/test/resources/fixtures/xdp_firewall/}, each with the map entries it needs, the
 * packet, and the verdict and drop counter it must produce. Adding a row is adding a fixture; this
 * class does not change.
 */
@WithFirewall
class FirewallRuleMatrixTest {

    @ParameterizedTest(name = "{0}")
    @FixtureSource("fixtures/xdp_firewall/*.json")
    void holds(BpfFixture row, @ObjectProgram("xdp_firewall") BpfProgram firewall) {
        RunResult result = firewall.run(row);

        row.check(result, firewall.object());
    }

    @Test
    void coversEveryVerdictAndEveryDropReason() {
        List<BpfFixture> rows = BpfFixture.fromClassPath("fixtures/xdp_firewall/*.json");

        assertThat(rows).extracting(row -> row.expect().returnValue()).contains(1, 2);   // XDP_DROP, XDP_PASS
        assertThat(rows).flatExtracting(row -> row.expect().maps().getOrDefault("drop_counters", List.of()))
                .extracting(entry -> entry.key()[0])
                .contains((byte) 0, (byte) 1, (byte) 2, (byte) 3);
    }
}
