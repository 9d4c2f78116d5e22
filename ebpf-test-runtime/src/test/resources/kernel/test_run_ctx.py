#!/usr/bin/env python3
"""BPF_PROG_TEST_RUN with ctx_in only, for the program types bpftool cannot run (syscall:
test_run refuses data_in, data_out, ctx_out and repeat, which bpftool always passes).
Usage: test_run_ctx.py PINNED_PROGRAM CTX_IN_FILE  -> prints "retval=N errno=E ctx=HEX"."""
import ctypes, os, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
SYS_BPF = {"x86_64": 321, "aarch64": 280}[os.uname().machine]
BPF_OBJ_GET, BPF_PROG_TEST_RUN = 7, 10

def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    r = libc.syscall(SYS_BPF, cmd, buf, 128)
    return r, ctypes.get_errno(), buf.raw

path = ctypes.create_string_buffer(sys.argv[1].encode())
fd, err, _ = bpf(BPF_OBJ_GET, struct.pack("<QIIi", ctypes.addressof(path), 0, 0, 0))
if fd < 0:
    sys.exit("BPF_OBJ_GET %s: errno %d" % (sys.argv[1], err))
ctx = open(sys.argv[2], "rb").read()
cbuf = ctypes.create_string_buffer(ctx, max(len(ctx), 1))
attr = struct.pack("<IIIIQQIIIIQQIII", fd, 0, 0, 0, 0, 0, 0, 0, len(ctx), 0, ctypes.addressof(cbuf) if ctx else 0, 0, 0, 0, 0)
r, err, out = bpf(BPF_PROG_TEST_RUN, attr)
retval = struct.unpack_from("<I", out, 4)[0]
print("retval=%d errno=%d ctx=%s" % (retval, 0 if r == 0 else err, cbuf.raw[:len(ctx)].hex()))
