package org.ebpftest.runtime.linux.helpers;

/** Registers every helper this package emulates into a {@link HelperRegistry}. */
final class EmulatedHelpers {
    private EmulatedHelpers() {
    }

    static void registerAll(HelperRegistry t) {
        XdpHelpers.register(t);
        SkbHelpers.register(t);
        ChecksumHelpers.register(t);
        RedirectHelpers.register(t);
        FibLookup.register(t);
        SocketHelpers.register(t);
        Dynptrs.register(t);
        MiscHelpers.register(t);
        PrintHelpers.register(t);
        CurrentTask.register(t);
        Syncookies.register(t);
        // lightweight-tunnel programs get the helpers the kernel offers them, whatever each set above says
        for (HelperId id : t.ids()) {
            HelperRegistry.Entry e = t.entry(id);
            t.register(id, LwtHelpers.withLwt(id, e.types()), e.helper());
        }
    }
}
