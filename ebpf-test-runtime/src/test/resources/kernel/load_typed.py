#!/usr/bin/env python3
"""Loads every program of an object as one program type with libbpf (through ctypes), for the types
this machine's bpftool (libbpf 1.1) cannot name, such as netfilter; pins the programs in PROG_DIR and
the maps in MAP_DIR.
Usage: load_typed.py OBJECT PROG_DIR PROG_TYPE EXPECTED_ATTACH_TYPE MAP_DIR"""
import ctypes, sys
lib = ctypes.CDLL("libbpf.so.1", use_errno=True)
lib.bpf_object__open_file.restype = ctypes.c_void_p
lib.bpf_object__open_file.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
lib.bpf_object__next_program.restype = ctypes.c_void_p
lib.bpf_object__next_program.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
lib.bpf_program__set_type.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.bpf_program__set_expected_attach_type.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.bpf_object__load.argtypes = [ctypes.c_void_p]
lib.bpf_object__pin_programs.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.bpf_object__pin_maps.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.libbpf_get_error.argtypes = [ctypes.c_void_p]
obj = lib.bpf_object__open_file(sys.argv[1].encode(), None)
if not obj or lib.libbpf_get_error(obj):
    sys.exit("open failed: " + sys.argv[1])
p = lib.bpf_object__next_program(obj, None)
while p:
    lib.bpf_program__set_type(p, int(sys.argv[3])); lib.bpf_program__set_expected_attach_type(p, int(sys.argv[4]))
    p = lib.bpf_object__next_program(obj, p)
r = lib.bpf_object__load(obj)
if r: sys.exit("load failed %d" % r)
r = lib.bpf_object__pin_programs(obj, sys.argv[2].encode())
if r: sys.exit("pin failed %d" % r)
if len(sys.argv) > 5:
    r = lib.bpf_object__pin_maps(obj, sys.argv[5].encode())
    if r: sys.exit("map pin failed %d" % r)
