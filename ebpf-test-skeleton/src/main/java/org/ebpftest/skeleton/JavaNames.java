package org.ebpftest.skeleton;

import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** Java names for C names: {@code drop_counters} becomes the method {@code dropCounters} and the type {@code DropCounters}. */
final class JavaNames {
    /** Names a record component or generated member may not take: Object's methods and the codec members. */
    private static final Set<String> RESERVED = Set.of("getClass", "hashCode", "equals", "toString", "clone", "finalize", "notify",
            "notifyAll", "wait", "SIZE", "CODEC", "read", "write");

    private JavaNames() {
    }

    /** {@code last_vlan} to {@code lastVlan}; Java keywords and reserved names get a trailing underscore. */
    static String member(String c) {
        String camel = camel(c, false);
        return SourceVersion.isKeyword(camel) || RESERVED.contains(camel) ? camel + "_" : camel;
    }

    /** {@code fw_config} to {@code FwConfig}. */
    static String type(String c) {
        return camel(c, true);
    }

    /** A Java class name for an object file: {@code xdp_firewall.o} to {@code XdpFirewall}. */
    static String forObject(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        return type(dot > 0 ? base.substring(0, dot) : base);
    }

    private static String camel(String c, boolean upperFirst) {
        StringBuilder out = new StringBuilder();
        boolean upper = upperFirst;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (!Character.isLetterOrDigit(ch)) {
                upper = out.length() > 0 || upperFirst;
                continue;
            }
            if (out.length() == 0 && Character.isDigit(ch)) {
                out.append(upperFirst ? 'T' : 't');
            }
            out.append(upper ? Character.toUpperCase(ch) : out.length() == 0 ? Character.toLowerCase(ch) : ch);
            upper = false;
        }
        if (out.length() == 0) {
            return upperFirst ? "Anonymous" : "anonymous";
        }
        return out.toString();
    }

    /** {@code dropCounters} to {@code DropCounters}, for a method name built on a member name. */
    static String capitalize(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
