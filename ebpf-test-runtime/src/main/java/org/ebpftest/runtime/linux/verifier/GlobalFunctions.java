package org.ebpftest.runtime.linux.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.elf.ProgramType;

/**
 * The prototypes of a program's global functions (BTF FUNC with global linkage), as the kernel's
 * {@code btf_prepare_func_args} reads them: what each argument register holds when the function is
 * verified on its own, and what a caller must pass.
 *
 * <p>Only what this verifier can tell for certain becomes a check: an int or enum argument is a
 * scalar, a pointer to the program type's context struct ({@code struct xdp_md} for XDP,
 * {@code struct __sk_buff} for the socket buffer types, their kernel projections, or any pointer
 * tagged {@code __arg_ctx} whose target is void or that struct) is the context, and another pointer
 * to a type of known size is memory of that size that may be NULL ({@code __arg_nonnull}: may not).
 * Everything else (trusted and arena pointers, dynptrs, a struct pointer in a program type whose
 * context struct is not listed here, tag combinations) is {@link Arg.Kind#UNMODELLED}: passed
 * unchecked, and seen by the function's body as a value that decides nothing.
 */
final class GlobalFunctions {
    private static final int MAX_ARGS = 5;

    /** One argument of a global function. */
    record Arg(Kind kind, int memSize) {
        /** What an argument register holds inside the function. */
        enum Kind {
            /** An int or enum: an unknown scalar ({@code ARG_ANYTHING}). */
            SCALAR,
            /** The program's context ({@code ARG_PTR_TO_CTX}). */
            CTX,
            /** memSize bytes that may be NULL ({@code ARG_PTR_TO_MEM | PTR_MAYBE_NULL}). */
            MEM_OR_NULL,
            /** memSize bytes, never NULL ({@code __arg_nonnull}). */
            MEM,
            /** Not modelled: neither checked at the call nor known in the body. */
            UNMODELLED
        }
    }

    /**
     * A global function's prototype: its name, the subprogram index, and either its arguments or
     * the kernel's refusal of the prototype (then every call is refused with it).
     */
    record Prototype(String name, int subprog, List<Arg> args, String refusal) {
    }

    private GlobalFunctions() {
    }

    /** The prototypes of the global functions, by subprogram index (null for static functions and the main program). */
    static Prototype[] of(Cfg cfg, List<FuncInfo> functions, Optional<Btf> btf, ProgramType type) {
        Prototype[] out = new Prototype[cfg.subprogStarts.length];
        if (btf.isEmpty()) {
            return out;
        }
        for (FuncInfo f : functions) {
            if (f.slot() > 0 && f.slot() < cfg.subprogOf.length && btf.get().type(f.typeId()) instanceof BtfType.Func func
                    && func.linkage() == BtfType.Linkage.GLOBAL) {
                int sub = cfg.subprogOf[f.slot()];
                if (cfg.subprogStarts[sub] == f.slot()) {
                    out[sub] = prototype(btf.get(), func, sub, type);
                }
            }
        }
        return out;
    }

    private static Prototype prototype(Btf btf, BtfType.Func func, int sub, ProgramType type) {
        List<Arg> args = new ArrayList<>();
        if (!(btf.type(func.proto()) instanceof BtfType.FuncProto proto)) {
            return new Prototype(func.name(), sub, args, null);
        }
        if (proto.params().size() > MAX_ARGS) {
            return new Prototype(func.name(), sub, args, "Global function " + func.name() + "() with " + proto.params().size() + " > "
                    + MAX_ARGS + " args. Buggy compiler.");
        }
        BtfType ret = btf.resolve(proto.returnType());
        if (!(ret instanceof BtfType.IntType) && !(ret instanceof BtfType.EnumType)) {
            return new Prototype(func.name(), sub, args, "Global function " + func.name() + "() doesn't return scalar. Only those are supported.");
        }
        String ctxName = contextStruct(type);
        for (int i = 0; i < proto.params().size(); i++) {
            List<String> tags = tags(btf, func, i);
            BtfType t = btf.resolve(proto.params().get(i).type());
            if (!(t instanceof BtfType.Pointer p)) {
                boolean scalar = t instanceof BtfType.IntType || t instanceof BtfType.EnumType;
                args.add(new Arg(scalar && tags.isEmpty() ? Arg.Kind.SCALAR : Arg.Kind.UNMODELLED, 0));
                continue;
            }
            BtfType target = btf.resolve(p.target());
            String targetName = target instanceof BtfType.StructType st ? st.name() : null;
            boolean isCtxStruct = ctxName != null && targetName != null && (targetName.equals(ctxName) || targetName.equals(projection(ctxName)));
            if (tags.equals(List.of("ctx"))) {
                args.add(new Arg(target instanceof BtfType.Void || isCtxStruct ? Arg.Kind.CTX : Arg.Kind.UNMODELLED, 0));
                continue;
            }
            if (!tags.isEmpty() && !tags.equals(List.of("nonnull"))) {
                args.add(new Arg(Arg.Kind.UNMODELLED, 0));
                continue;
            }
            if (isCtxStruct) {
                // the kernel takes it as the context whatever the tags; a tag with it is refused, which is not modelled
                args.add(new Arg(tags.isEmpty() ? Arg.Kind.CTX : Arg.Kind.UNMODELLED, 0));
                continue;
            }
            if (target instanceof BtfType.StructType || target instanceof BtfType.UnionType) {
                // a struct the kernel may take for the context (a program type not listed, a dynptr): not modelled
                boolean plainStruct = ctxName != null && !"bpf_dynptr".equals(targetName);
                if (!plainStruct) {
                    args.add(new Arg(Arg.Kind.UNMODELLED, 0));
                    continue;
                }
            }
            if (target instanceof BtfType.Void && ctxName != null) {
                return new Prototype(func.name(), sub, args, "arg#" + i + " reference type('UNKNOWN ') size cannot be determined: -22");
            }
            if (target instanceof BtfType.Fwd fwd && ctxName != null) {
                return new Prototype(func.name(), sub, args, "arg#" + i + " reference type('FWD " + fwd.name() + "') size cannot be determined: -22");
            }
            long size = sized(target) ? btf.sizeOf(p.target()) : -1;
            if (size < 0 || size > Integer.MAX_VALUE) {
                args.add(new Arg(Arg.Kind.UNMODELLED, 0));
                continue;
            }
            args.add(new Arg(tags.isEmpty() ? Arg.Kind.MEM_OR_NULL : Arg.Kind.MEM, (int) size));
        }
        return new Prototype(func.name(), sub, List.copyOf(args), null);
    }

    private static boolean sized(BtfType t) {
        return t instanceof BtfType.IntType || t instanceof BtfType.EnumType || t instanceof BtfType.Pointer || t instanceof BtfType.Composite
                || t instanceof BtfType.ArrayType;
    }

    /** The {@code arg:} decl tags of argument i (without the prefix). */
    private static List<String> tags(Btf btf, BtfType.Func func, int i) {
        List<String> tags = new ArrayList<>();
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.DeclTag tag && tag.type() == func.id() && tag.componentIndex() == i && tag.name().startsWith("arg:")) {
                tags.add(tag.name().substring(4));
            }
        }
        return tags;
    }

    /** Whether the program type's context struct is listed here (its context then is a known struct with converted field accesses). */
    static boolean listed(ProgramType type) {
        return contextStruct(type) != null;
    }

    /** The uapi struct the program type's context is (btf_is_prog_ctx_type compares names), or null where not listed. */
    private static String contextStruct(ProgramType type) {
        return switch (type) {
            case XDP -> "xdp_md";
            case SOCKET_FILTER, SCHED_CLS, SCHED_ACT, CGROUP_SKB, LWT_IN, LWT_OUT, LWT_XMIT, SK_SKB -> "__sk_buff";
            default -> null;
        };
    }

    /** The kernel struct whose name the kernel also takes for a uapi context struct (btf_is_projection_of). */
    private static String projection(String ctxName) {
        return ctxName.equals("xdp_md") ? "xdp_buff" : "sk_buff";
    }
}
