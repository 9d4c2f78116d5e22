package org.ebpftest.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments split into positionals, options with a value ({@code --data-in FILE} or
 * {@code --data-in=FILE}) and flags ({@code --trace}); anything else is a {@link UsageException}.
 */
final class Arguments {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Arguments() {
    }

    /**
     * Parses arguments against the options a command knows.
     *
     * @param valued options that take a value, such as {@code --program}
     * @param switches options that take none, such as {@code --trace}
     */
    static Arguments parse(String[] args, Set<String> valued, Set<String> switches) {
        Arguments a = new Arguments();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (onlyPositionals || !arg.startsWith("--")) {
                a.positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (switches.contains(name) && eq < 0) {
                a.flags.add(name);
            } else if (valued.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                if (a.values.put(name, value) != null) {
                    throw new UsageException("option " + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return a;
    }

    /** The one positional argument the command takes, named {@code what} in the error. */
    String single(String what) {
        if (positionals.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        if (positionals.size() > 1) {
            throw new UsageException("unexpected argument " + positionals.get(1));
        }
        return positionals.get(0);
    }

    /** The one positional argument, if given; more than one is a usage error. */
    Optional<String> optionalSingle() {
        if (positionals.size() > 1) {
            throw new UsageException("unexpected argument " + positionals.get(1));
        }
        return positionals.stream().findFirst();
    }

    Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    boolean flag(String option) {
        return flags.contains(option);
    }
}
