package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guard with fixed rules is asked once per offset and size for the loads it allows, and every
 * time for anything it refuses or that is not a load; any other guard is asked on every access.
 * Helpers and hosts are never asked about.
 */
class GuardedRegionTest {
    private static final long ADDRESS = 0x0200_0000L;

    /** Allows aligned 4-byte loads at offsets below 16, and nothing else; records what it was asked. */
    private static final class Rules implements AccessGuard {
        final List<String> asked = new ArrayList<>();

        @Override
        public String check(int offset, int size, boolean store) {
            asked.add((store ? "store " : "load ") + size + "@" + offset);
            if (store) {
                return "store of " + size + " bytes at offset " + offset + ": read-only";
            }
            return size == 4 && offset % 4 == 0 && offset < 16 ? null : "load of " + size + " bytes at offset " + offset + ": refused";
        }
    }

    private static Memory mapped(AccessGuard guard) {
        Region r = new Region("ctx", new byte[24], true);
        r.setGuard(guard);
        Memory m = new Memory();
        m.map(r, ADDRESS);
        return m;
    }

    @Test
    void fixedRulesAreAskedOnceForEachAllowedLoadAndAlwaysForRefusedOnes() {
        // given a region guarded by fixed rules
        Rules rules = new Rules();
        Memory m = mapped(AccessGuard.fixedRules(rules));

        // when the program loads two allowed words three times each, and makes a refused load twice
        for (int i = 0; i < 3; i++) {
            m.load32(ADDRESS);
            m.load32(ADDRESS + 4);
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> m.load16(ADDRESS + 4)).isInstanceOf(MemoryFault.class)
                    .hasMessageContaining("load of 2 bytes at offset 4: refused");
        }

        // then each allowed load was asked about once, the refused one both times
        assertThat(rules.asked).containsExactly("load 4@0", "load 4@4", "load 2@4", "load 2@4");
    }

    @Test
    void storesToARegionWithFixedRulesAreAskedEveryTimeAndStillTrap() {
        // given a region guarded by fixed rules whose word at offset 0 was loaded before
        Rules rules = new Rules();
        Memory m = mapped(AccessGuard.fixedRules(rules));
        m.load32(ADDRESS);

        // when the program stores there twice
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> m.store32(ADDRESS, 1)).isInstanceOf(MemoryFault.class)
                    .hasMessageContaining("store of 4 bytes at offset 0: read-only");
        }

        // then each store was asked about
        assertThat(rules.asked).containsExactly("load 4@0", "store 4@0", "store 4@0");
    }

    @Test
    void aGuardWithoutFixedRulesIsAskedOnEveryLoad() {
        // given a region whose guard may answer differently each time
        Rules rules = new Rules();
        Memory m = mapped(rules::check);

        // when the program loads the same word three times
        for (int i = 0; i < 3; i++) {
            m.load32(ADDRESS + 8);
        }

        // then the guard was asked every time
        assertThat(rules.asked).containsExactly("load 4@8", "load 4@8", "load 4@8");
    }

    @Test
    void helpersReadingAGuardedRegionAreNotAskedAbout() {
        // given a region guarded by fixed rules
        Rules rules = new Rules();
        Memory m = mapped(AccessGuard.fixedRules(rules));

        // when a helper reads 3 bytes at offset 1, which a program may not
        byte[] read = m.read(ADDRESS + 1, 3);

        // then it gets them and the guard is not asked
        assertThat(read).hasSize(3);
        assertThat(rules.asked).isEmpty();
    }
}
