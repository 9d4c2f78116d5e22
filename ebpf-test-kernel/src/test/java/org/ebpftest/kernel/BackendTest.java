package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing the backend from the system property and the environment. */
class BackendTest {

    @Test
    void defaultsToTheEmulator() {
        assertThat(Backend.selected(k -> null, k -> null)).isEqualTo(Backend.EMULATOR);
    }

    @Test
    void systemPropertyWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("ebpftest.backend", "kernel", "EBPFTEST_BACKEND", "kernel");

        assertThat(Backend.selected(Map.of("ebpftest.backend", "Both")::get, env::get)).isEqualTo(Backend.BOTH);
        assertThat(Backend.selected(k -> null, env::get)).isEqualTo(Backend.KERNEL);
        assertThat(Backend.selected(k -> null, Map.of("EBPFTEST_BACKEND", "both")::get)).isEqualTo(Backend.BOTH);
    }

    @Test
    void refusesAnUnknownBackendNamingTheChoices() {
        assertThatThrownBy(() -> Backend.selected(Map.of("ebpftest.backend", "qemu")::get, k -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property ebpftest.backend is [qemu], but the backend is one of [emulator, kernel, both]");
    }
}
