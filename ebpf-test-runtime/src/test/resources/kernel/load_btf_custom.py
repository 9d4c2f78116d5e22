#!/usr/bin/env python3
"""Opens an object with libbpf (through ctypes) resolving its CO-RE relocations against another BTF,
as libbpf's btf_custom_path option names one (a raw BTF or an object file), loads it and pins its
programs in PROG_DIR; libbpf prints its reasons on stderr, so a refusal says why in libbpf's words.
Usage: load_btf_custom.py OBJECT PROG_DIR TARGET_BTF"""
import ctypes, sys

class OpenOpts(ctypes.Structure):
    # struct bpf_object_open_opts up to btf_custom_path (libbpf 1.x); sz tells libbpf where it ends
    _fields_ = [("sz", ctypes.c_size_t), ("object_name", ctypes.c_char_p), ("relaxed_maps", ctypes.c_bool),
                ("pin_root_path", ctypes.c_char_p), ("unused", ctypes.c_uint32), ("kconfig", ctypes.c_char_p),
                ("btf_custom_path", ctypes.c_char_p)]

lib = ctypes.CDLL("libbpf.so.1", use_errno=True)
lib.bpf_object__open_file.restype = ctypes.c_void_p
lib.bpf_object__open_file.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
lib.bpf_object__load.argtypes = [ctypes.c_void_p]
lib.bpf_object__pin_programs.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.libbpf_get_error.argtypes = [ctypes.c_void_p]
opts = OpenOpts(sz=ctypes.sizeof(OpenOpts), btf_custom_path=sys.argv[3].encode())
obj = lib.bpf_object__open_file(sys.argv[1].encode(), ctypes.byref(opts))
if not obj or lib.libbpf_get_error(obj):
    sys.exit("open failed: " + sys.argv[1])
r = lib.bpf_object__load(obj)
if r: sys.exit("load failed %d" % r)
r = lib.bpf_object__pin_programs(obj, sys.argv[2].encode())
if r: sys.exit("pin failed %d" % r)
