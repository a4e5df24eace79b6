#!/usr/bin/env python3
"""tests/difftest/fusion.py — the interpreter's fused instructions, compared with V8 (node).

The translator (src/exec/interp/translate.c) turns common instruction sequences into fused
instructions ("superinstructions", listed in src/exec/interp/code.h) with a peephole over the
code it has just emitted. Each fused instruction has semantics of its own in interp.c, and only
Wasm code with exactly its pattern reaches it: random modules (tests/difftest/difftest) and the
spec suite hit few of them, and with few operand values. So this test generates one module with
a small exported function for every pattern and several operand sets (zeros, ones, the extremes
of the type, shift counts past the bit width, addresses at the end of memory, offsets that
overflow 32 bits), runs it in wb-difftest (wasmbox, once in guard-page mode and once with
WASMBOX_BOUNDS_CHECKS=1, whose translation fuses less) and in v8-difftest.js (node), and
compares every function's result line by line.

The lists of fused operations are read from code.h (and the memory operations from
src/ir/opcodes.h and opcodes_simd.h), so an operation added to a list is tested without changing
this file. Each function names the fused instructions its pattern must become; the translation
dumped by WASMBOX_DUMP_CODE=1 is checked for them, so the test notices when a pattern stops being
fused (and so stops testing what it is meant to). A fused instruction of code.h that no
generated function produces is reported too (the generator needs a pattern for it).

Floats: every float operand is chosen so that no operation can produce a NaN (finite values,
no 0/0, inf-inf, 0*inf; checked by f64_no_nan below), and floats read from random memory are
returned as integers (reinterpret), so results need no NaN canonicalization.

Output: a line per mismatch, naming the function with both values, then `N passed, N failed`
(N counts exported functions; one passes when both wasmbox runs print V8's line and its
translations contain the expected fused instructions). Exit status 1 if any failed, 2 if a tool
is missing. The module (fusion.wat, fusion.wasm) and all outputs stay in --out.
"""
import argparse
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

M32, M64 = (1 << 32) - 1, (1 << 64) - 1
I32_MIN, I32_MAX = -(1 << 31), (1 << 31) - 1
I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1
PAGE = 65536

# Memory layout (one page, max one page): every byte is pseudo-random except where noted.
INT_BASE = 0x0000      # 4 KiB read by the integer loads
F64_BASE = 0x1000      # 256 finite, nonzero doubles: operands of loads feeding f64 arithmetic
PTR_BASE = 0x1800      # pointers, planted by the load-through-pointer tests
LIMB_BASE = 0x1C00     # 32-bit limbs near 0 and 0xFFFFFFFF, for the bignum steps
SCRATCH_BASE = 0x2000  # 16-byte slots, one per storing function, so no test reads another's
SCRATCH_END = 0xF000   # writes (a wrong store shows in its own function, not in a later one)
SLOT = 16
SEED = 0x5EED_F05E
# Words planted at the end of the integer region, for loads that decide branches: zero, the sign
# bit alone, a zero low byte under a nonzero word, all ones.
SPECIAL_WORDS = {0x0FF0: 0, 0x0FF4: 0x80000000, 0x0FF8: 0x00000100, 0x0FFC: 0xFFFFFFFF}


# ---- values ----
def s32(v):
    v &= M32
    return v - (1 << 32) if v >> 31 else v


def s64(v):
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def f32_round(v):
    return struct.unpack('<f', struct.pack('<f', v))[0]


def literal(t, v):
    """A wat literal of type t: integers as signed decimals, floats as exact hex floats."""
    if t == 'i32':
        return str(s32(v))
    if t == 'i64':
        return str(s64(v))
    if t == 'v128':
        return 'i64x2 %d %d' % (s64(v[0]), s64(v[1]))
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return float.hex(f32_round(v) if t == 'f32' else v)


def const(t, v):
    return '(%s.const %s)' % (t, literal(t, v))


def get(name):
    return '(local.get $%s)' % name


def wat_op(name):
    """I32_LOAD8_S -> i32.load8_s, F64_ADD -> f64.add."""
    return name.lower().replace('_', '.', 1)


def binop(t, op, a, b):
    return '(%s.%s %s %s)' % (t.lower(), op.lower(), a, b)


def mem(name, offset, addr, *value):
    """A load or store: (NAME offset=K ADDR [VALUE])."""
    return '(%s offset=%d %s%s)' % (wat_op(name), offset, addr, ''.join(' ' + v for v in value))


def f64_result(op, a, b):
    """IEEE binary64 a op b (Python floats are binary64, rounding to nearest)."""
    if op == 'ADD':
        return a + b
    if op == 'SUB':
        return a - b
    if op == 'MUL':
        return a * b
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1, b)
    return a / b


def f64_no_nan(*steps):
    """Whether every (op, a, b) step, evaluated in order ('acc' is the previous result), is NaN-free."""
    acc = None
    for op, a, b in steps:
        acc = f64_result(op, acc if a == 'acc' else a, acc if b == 'acc' else b)
        if math.isnan(acc):
            return False
    return True


# The integer compares (code.h's order); for each, the compare testing the opposite (an `if`
# branches when its condition is false) and the one testing the same with the operands swapped
# (a loop counter on the right): how the translator names its fused branches.
CMPS = ['EQ', 'NE', 'LT_S', 'LT_U', 'GT_S', 'GT_U', 'LE_S', 'LE_U', 'GE_S', 'GE_U']
INVERSE = {'EQ': 'NE', 'NE': 'EQ', 'LT_S': 'GE_S', 'LT_U': 'GE_U', 'GT_S': 'LE_S', 'GT_U': 'LE_U',
           'LE_S': 'GT_S', 'LE_U': 'GT_U', 'GE_S': 'LT_S', 'GE_U': 'LT_U'}
SWAPPED = {'EQ': 'EQ', 'NE': 'NE', 'LT_S': 'GT_S', 'LT_U': 'GT_U', 'GT_S': 'LT_S', 'GT_U': 'LT_U',
           'LE_S': 'GE_S', 'LE_U': 'GE_U', 'GE_S': 'LE_S', 'GE_U': 'LE_U'}


def cmp_i32(cmp, a, b):
    if cmp.endswith('_S'):
        a, b = s32(a), s32(b)
    else:
        a, b = a & M32, b & M32
    return {'EQ': a == b, 'NE': a != b, 'LT': a < b, 'GT': a > b, 'LE': a <= b,
            'GE': a >= b}[cmp.split('_')[0]]


class Rng:
    """xorshift64*: the module must be the same on every run and every Python."""

    def __init__(self, seed):
        self.state = seed & M64 or 1

    def next64(self):
        x = self.state
        x ^= x >> 12
        x ^= (x << 25) & M64
        x ^= x >> 27
        self.state = x
        return (x * 0x2545F4914F6CDD1D) & M64

    def below(self, n):
        return self.next64() % n

    def finite_f64(self):
        """A finite nonzero double of any magnitude (some subnormal), random sign."""
        bits = self.next64()
        exponent = (bits >> 52) & 0x7FF
        if exponent == 0x7FF or bits & ((1 << 63) - 1) == 0:
            bits ^= 0x4000000000000001  # NaN, inf or a zero -> a normal number
        return struct.unpack('<d', struct.pack('<Q', bits))[0]


# ---- the operation lists of code.h ----
class FusionLists:
    """The X-macro lists of src/exec/interp/code.h, and the memory operations of src/ir/opcodes.h
    and opcodes_simd.h."""

    def __init__(self, root):
        code = self._defines(os.path.join(root, 'src', 'exec', 'interp', 'code.h'))
        opcodes = self._defines(os.path.join(root, 'src', 'ir', 'opcodes.h'))
        self.pair_ops = {t: [args[-1] for args in self._calls(code, 'WB_FUSE_%s_OPS_A' % t)]
                         for t in ('I32', 'I64', 'F64')}
        self.load_ops = self._calls(code, 'WB_FUSE_LOAD_OPS')          # (load, T, op)
        self.store_ops = self._calls(code, 'WB_FUSE_STORE_OPS')        # (T, op, store)
        self.rmw_ops = self._calls(code, 'WB_FUSE_RMW_OPS')            # (load, T, op, store)
        self.load_load_ops = self._calls(code, 'WB_FUSE_LOAD_LOAD_OPS')  # (load, bytes, sign)
        # (name, opcode, value type, bytes, is store, sign-extends)
        self.memory_ops = self._calls(opcodes, 'WB_MEMORY_OPS')
        # SIMD accesses whose kind (load, store, load_lane, store_lane) has an _AX form in code.h
        simd = self._defines(os.path.join(root, 'src', 'ir', 'opcodes_simd.h'))
        self.simd_ax_ops = [(name, kind) for name, _, kind, _ in self._calls(simd, 'WB_SIMD_MEMORY_OPS')
                            if '_AX' in code.get('WB_IOP_SIMD_AX_' + kind, '')]
        # (name, opcode, p1, p2, result), plain and saturating
        self.numeric_ops = self._calls(opcodes, 'WB_NUMERIC_OPS') + self._calls(opcodes, 'WB_SATURATING_OPS')
        simd_code = self._defines(os.path.join(root, 'src', 'exec', 'interp', 'code_simd.h'))
        self.simd_load_ops = [args[0] for args in self._calls(simd_code, 'WB_SIMD_FUSE_LOAD_OPS')]   # NAME
        self.simd_mul_loads = [args[:2] for args in self._calls(simd_code, 'WB_SIMD_FUSE_MUL_LOADS')]  # (MUL, LOAD)
        # the float pairs: operations (ADD, ...) and lane types (F32X4, ...)
        self.simd_pair_ops = [args[0] for args in self._calls(simd_code, 'WB_SIMD_PAIR_OPS_A')]
        self.simd_pair_types = re.findall(r'WB_SIMD_PAIR_ROW, cell, (\w+),', simd_code.get('WB_SIMD_FUSE_PAIRS', ''))
        self.acc_fixed = [args[0] for args in self._calls(code, 'WB_ACC_CONTROL_OPS')]
        self.branch_joins = ['%s_%s' % (first, branch) for first, _, branch in self._calls(code, 'WB_FUSE_BRANCH_JOINS')]
        self.simd_lane_tests = [args[0] for args in self._calls(simd_code, 'WB_SIMD_LANE_TESTS')]
        control = [args[0] for args in self._calls(code, 'WB_INTERP_CONTROL_OPS')]
        if not all((self.pair_ops[t] for t in self.pair_ops)) or not self.memory_ops or 'METER' not in control:
            raise ValueError('code.h or opcodes.h no longer has the lists this test reads')
        self.fused_control = control[control.index('METER') + 1:]

    @staticmethod
    def _defines(path):
        with open(path) as f:
            text = re.sub(r'/\*.*?\*/', ' ', f.read(), flags=re.S)
        text = text.replace('\\\n', ' ')
        defines = {}
        for m in re.finditer(r'^#define (\w+)(\([^)]*\))?(.*)$', text, re.M):
            defines[m.group(1)] = m.group(3)
        return defines

    @staticmethod
    def _calls(defines, name):
        return [tuple(a.strip() for a in args.split(','))
                for args in re.findall(r'\b[XY]\(([^()]*)\)', defines.get(name, ''))]

    def fused_names(self):
        """Every fused instruction: (names in guard-page mode, names in bounds-check mode)."""
        guard = set(self.fused_control) | {'COPY_COPY'}
        guard |= {'FUSE_%s_%s_%s_%s' % (t, a, b, s) for t, ops in self.pair_ops.items()
                  for a in ops for b in ops for s in 'LR'}
        guard |= {'LD_%s_%s_%s' % (load, op, s) for load, _, op in self.load_ops for s in 'LR'}
        guard |= {'ST_%s_%s_%s' % e for e in self.store_ops}
        guard |= {'RMW_%s_%s_%s' % (load, op, s) for load, _, op, _ in self.rmw_ops for s in 'LR'}
        guard |= {'LL_' + e[0] for e in self.load_load_ops}
        guard |= {e[0] + '_AX' for e in self.memory_ops} | {e[0] + '_AX' for e in self.simd_ax_ops}
        guard |= {n + s for n in self.simd_load_ops for s in ('_LD', '_LD_AX')}
        guard |= {'%s_%s_AX2' % e for e in self.simd_mul_loads}
        pairs = {'FUSE_%s_%s_%s_%s' % (t, a, b, s) for t in self.simd_pair_types for a in self.simd_pair_ops
                 for b in self.simd_pair_ops for s in 'LR'}
        guard |= set(self.branch_joins)
        lane_tests = set(self.simd_lane_tests)
        return guard | pairs | lane_tests, {e[0] + '_AX_CHK' for e in self.memory_ops} | pairs | lane_tests

    def acc_names(self):
        """Every accumulator variant of code.h (guard-page mode)."""
        names = {n + '_A' for n in self.acc_fixed} | {'I32_SUB_B', 'I64_SUB_B'}
        names |= {'I%s_%s_%s_BR_A' % (w, a, c) for w, a in (('32', 'ADD'), ('32', 'SUB'), ('64', 'ADD'))
                  for c in CMPS}
        names |= {e[0] + '_A' for e in self.numeric_ops}
        for name, _, _, _, is_store, _ in self.memory_ops:
            names |= {name + '_A', name + '_AX_A'} | ({name + '_V', name + '_AX_V'} if is_store == '1' else set())
        names |= {'FUSE_%s_%s_%s_%s_A' % (t, a, b, s) for t, ops in self.pair_ops.items()
                  for a in ops for b in ops for s in 'LR'}
        names |= {'LD_%s_%s_%s_A' % (load, op, s) for load, _, op in self.load_ops for s in 'LR'}
        names |= {'ST_%s_%s_%s_A' % e for e in self.store_ops}
        names |= {'LL_%s_A' % e[0] for e in self.load_load_ops}
        return names


# ---- the module ----
# How a local gets its value from an instruction that leaves it in the interpreter's accumulator
# (the local is zero before): an integer xor, or the bits of a float reinterpreted.
PRODUCE = {'i32': '(i32.xor (local.get $%s) %s)', 'i64': '(i64.xor (local.get $%s) %s)',
           'f32': '(f32.reinterpret_i32 %s)', 'f64': '(f64.reinterpret_i64 %s)'}


def produced(name, t, v):
    if t in ('i32', 'i64'):
        return PRODUCE[t] % (name, const(t, v))
    bits = struct.unpack('<I', struct.pack('<f', v))[0] if t == 'f32' else struct.unpack('<Q', struct.pack('<d', v))[0]
    return PRODUCE[t] % const('i32' if t == 'f32' else 'i64', bits)


class Func:
    def __init__(self, family, name, results, local_vars, body, expect, expect_checked, acc_local=None):
        self.family, self.name, self.results = family, name, results
        self.local_vars, self.body = local_vars, body
        self.expect = tuple(expect)
        self.expect_checked = self.expect if expect_checked is None else tuple(expect_checked)
        self.acc_local = acc_local

    def acc_copy(self, local):
        """The same function with `local` set last, by an instruction that leaves its value in the
        accumulator: the pattern's first instruction then reads it from there where it can."""
        return Func('acc ' + self.family, 'acc_%s_%s' % (local, self.name), self.results, self.local_vars,
                    self.body, self.expect, self.expect_checked, local)

    def wat(self):
        result = ' (result %s)' % ' '.join(self.results) if self.results else ''
        lines = ['(func $%s (export "%s")%s' % (self.name, self.name, result)]
        lines += ['  (local $%s %s)' % (n, t) for n, t, _ in self.local_vars]
        # Locals set from constants: the operands are slots, as the fused pairs expect.
        lines += ['  (local.set $%s %s)' % (n, const(t, v)) for n, t, v in self.local_vars
                  if v is not None and n != self.acc_local]
        lines += ['  (local.set $%s %s)' % (n, produced(n, t, v)) for n, t, v in self.local_vars
                  if v is not None and n == self.acc_local]
        lines += ['  ' + b for b in self.body]
        return '\n'.join(lines) + ')'


class Module:
    def __init__(self):
        self.rng = Rng(SEED)
        self.funcs, self.names = [], set()
        self.image = bytearray(self.rng.next64() & 0xFF for _ in range(PAGE))
        for i in range(256):
            self.put_f64(F64_BASE + 8 * i, self.rng.finite_f64())
        limbs = [0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFF0]
        for i in range(64):
            v = limbs[i] if i < len(limbs) else (M32 - self.rng.below(16) if i % 2 else self.rng.below(1 << 32))
            struct.pack_into('<I', self.image, LIMB_BASE + 4 * i, v)
        for addr, v in SPECIAL_WORDS.items():
            struct.pack_into('<I', self.image, addr, v)
        self.next_ptr = PTR_BASE
        self.next_slot = SCRATCH_BASE

    def put_f64(self, addr, v):
        struct.pack_into('<d', self.image, addr, v)

    def f64_at(self, addr):
        return struct.unpack_from('<d', self.image, addr)[0]

    def uint_at(self, addr, size):
        """The initial unsigned value at addr (of a region no test writes)."""
        return int.from_bytes(self.image[addr:addr + size], 'little')

    def pointer(self, value):
        """The address of a new pointer slot holding value (for loads through it)."""
        addr = self.next_ptr
        self.next_ptr += 4
        assert self.next_ptr <= LIMB_BASE, 'pointer region full'
        struct.pack_into('<I', self.image, addr, value & M32)
        return addr

    def scratch(self, f64=None, size=SLOT):
        """A fresh slot for one function's stores; f64: a double planted at its +4."""
        addr = self.next_slot
        self.next_slot += size
        assert self.next_slot <= SCRATCH_END, 'scratch region full'
        if f64 is not None:
            self.put_f64(addr + 4, f64)
        return addr

    def add(self, family, name, results, local_vars, body, expect=(), expect_checked=None):
        """A zero-argument exported function. expect: fused instructions its guard-page
        translation must contain; expect_checked: the same with bounds checks (None: as expect)."""
        assert name not in self.names, 'two functions named ' + name
        self.names.add(name)
        self.funcs.append(Func(family, name, results, local_vars, body, expect, expect_checked))

    def wat(self):
        out = ['(module', '  (memory 1 1)', '  (global $g (mut i64) (i64.const 0))']
        out += ['  ' + line for f in self.funcs for line in f.wat().split('\n')]
        out.append('  (data (i32.const 0)')
        for i in range(0, PAGE, 32):
            out.append('    "%s"' % ''.join('\\%02x' % b for b in self.image[i:i + 32]))
        out.append('  ))')
        return '\n'.join(out) + '\n'


# ---- operand sets ----
def pair_sets(rng):
    """(x, y, z) per type: zeros, ones, extremes, shift/rotate counts at and past the width and
    negative, a large unsigned value, and one pseudo-random set."""
    r32 = [s32(rng.next64()) for _ in range(3)]
    r64 = [s64(rng.next64()) for _ in range(3)]
    return {
        'I32': [(0, 0, 0), (1, -1, I32_MIN), (I32_MAX, 1, -1), (I32_MIN, 33, 32), (-1, -5, 65),
                (0x12345678, 0x9ABCDEF0, 31), tuple(r32)],
        'I64': [(0, 0, 0), (1, -1, I64_MIN), (I64_MAX, 1, -1), (I64_MIN, 65, 64), (-1, -3, 127),
                (0x0123456789ABCDEF, 0xFEDCBA9876543210, 63), tuple(r64)],
        # Overflow to inf, subnormals, signed zeros, inexact quotients; NaN-producing
        # combinations are skipped per operation pair.
        'F64': [(1.5, -2.25, 3.0), (0.1, 0.2, 0.3), (1e308, 1e308, 2.0), (5e-324, 0.5, 3.0),
                (-0.0, 0.0, 1.0), (1 / 3, 3.0, -7.0), (1e-300, 1e-300, 1e300), (-1e200, 1e200, -0.0)],
    }


def operand_values(rng):
    """Second operands (y) per type, for loads feeding an operation and read-modify-writes."""
    return {'I32': [0, 1, -1, I32_MIN, 33, s32(rng.next64())],
            'I64': [0, 1, -1, I64_MIN, 65, s64(rng.next64())],
            # Nonzero and finite, as memory's f64 operands are: no NaN from any of + - * /.
            'F64': [1.0, -2.5, 1e-300, 3e200, 0.1, -7.0]}


# Static offsets: none, unaligned, small, large, and the whole address in the offset (None).
OFFSETS = [0, 3, 16, 0x800, None, 1]


def split_address(target, n):
    """(p, K) with p + K == target, K chosen by operand set n."""
    k = OFFSETS[n % len(OFFSETS)]
    if k is None or k > target:
        k = target
    return target - k, k


def int_target(m, n):
    return 0 if n == 0 else 0x800 + m.rng.below(0x7F0)


def f64_target(m):
    return F64_BASE + 8 * m.rng.below(256)


WT = {'I32': 'i32', 'I64': 'i64', 'F32': 'f32', 'F64': 'f64'}


def as_bits(t, expr):
    """Floats read from random memory are returned as their bits (a NaN may not survive V8's
    conversion to a JavaScript number)."""
    return {'f32': '(i32.reinterpret_f32 %s)', 'f64': '(i64.reinterpret_f64 %s)'}.get(t, '%s') % expr


def bits_type(t):
    """The type as_bits(t, ...) returns."""
    return {'f32': 'i32', 'f64': 'i64'}.get(t, t)


# ---- families ----
def gen_pairs(m, lists):
    """Two dependent binary operations: (op2 (op1 x y) z) and (op2 z (op1 x y))."""
    sets = pair_sets(m.rng)
    for t, ops in lists.pair_ops.items():
        wt = WT[t]
        for op1 in ops:
            for op2 in ops:
                for shape in 'LR':
                    for n, (x, y, z) in enumerate(sets[t]):
                        first = ('acc', z) if shape == 'L' else (z, 'acc')
                        if t == 'F64' and not f64_no_nan((op1, x, y), (op2,) + first):
                            continue
                        inner = binop(t, op1, get('x'), get('y'))
                        outer = binop(t, op2, inner, get('z')) if shape == 'L' else binop(t, op2, get('z'), inner)
                        name = 'pair_%s_%s_%s_%s_%d' % (wt, op1.lower(), op2.lower(), shape, n)
                        m.add('pairs', name, [wt], [('x', wt, x), ('y', wt, y), ('z', wt, z)], [outer],
                              ['FUSE_%s_%s_%s_%s' % (t, op1, op2, shape)])


def gen_load_ops(m, lists):
    """A load feeding an operation: (op (load offset=K p) y) and (op y (load offset=K p))."""
    values = operand_values(m.rng)
    for load, t, op in lists.load_ops:
        wt = WT[t]
        for shape in 'LR':
            for n, y in enumerate(values[t]):
                target = f64_target(m) if t == 'F64' else int_target(m, n)
                if t == 'F64':
                    v = m.f64_at(target)
                    assert f64_no_nan((op, v, y) if shape == 'L' else (op, y, v))
                p, k = split_address(target, n)
                loaded = mem(load, k, get('p'))
                expr = binop(t, op, loaded, get('y')) if shape == 'L' else binop(t, op, get('y'), loaded)
                m.add('load-op', 'ld_%s_%s_%s_%d' % (wat_op(load).replace('.', '_'), op.lower(), shape, n),
                      [wt], [('p', 'i32', p), ('y', wt, y)], [expr],
                      ['LD_%s_%s_%s' % (load, op, shape)], ())


def stored_bits(k, addr):
    """What a storing test returns: the 8 bytes at the stored address (a narrow store that
    writes too much shows in the bytes after it)."""
    return '(i64.load offset=%d %s)' % (k, addr)


def gen_store_ops(m, lists):
    """An operation feeding a store: (store offset=K p (op x y)), then the stored bytes."""
    sets = pair_sets(m.rng)
    for t, op, store in lists.store_ops:
        wt = WT[t]
        for n, (x, y, _) in enumerate(sets[t][:6]):
            if t == 'F64' and not f64_no_nan((op, x, y)):
                continue
            target = m.scratch() + 2 + n % 3
            p, k = split_address(target, n)
            body = [mem(store, k, get('p'), binop(t, op, get('x'), get('y'))), stored_bits(k, get('p'))]
            m.add('op-store', 'st_%s_%s_%s_%d' % (wt, op.lower(), wat_op(store).replace('.', '_'), n),
                  ['i64'], [('p', 'i32', p), ('x', wt, x), ('y', wt, y)], body,
                  ['ST_%s_%s_%s' % (t, op, store)], ())


def rmw_body(load, t, op, store, shape, k_load, k_store, ptr_store, check=None):
    """x = mem[p + K] op x stored back; check: how to return the stored location (default: the
    8 bytes there)."""
    loaded = mem(load, k_load, get('p'))
    value = binop(t, op, loaded, get('x')) if shape == 'L' else binop(t, op, get('x'), loaded)
    return [mem(store, k_store, get(ptr_store), value), (check or stored_bits)(k_store, get(ptr_store))]


def gen_rmw(m, lists):
    """Read-modify-write: (store offset=K p (op (load offset=K p) x)), both operand orders; and
    near misses (another offset, another pointer local) that must not become one."""
    values = operand_values(m.rng)
    for load, t, op, store in lists.rmw_ops:
        wt = WT[t]
        for shape in 'LR':
            for n, x in enumerate(values[t]):
                old = m.rng.finite_f64() if t == 'F64' else None
                if old is not None:
                    assert f64_no_nan((op, old, x) if shape == 'L' else (op, x, old))
                p, k = split_address(m.scratch(old) + 4, n)
                m.add('rmw', 'rmw_%s_%s_%s_%d' % (wat_op(load).replace('.', '_'), op.lower(), shape, n),
                      ['i64'], [('p', 'i32', p), ('x', wt, x)],
                      rmw_body(load, t, op, store, shape, k, k, 'p'), ['RMW_%s_%s_%s' % (load, op, shape)], ())
        # Stored 8 bytes further, or through another local holding the same address: a plain
        # load-and-operate, then a store.
        old = m.rng.finite_f64() if t == 'F64' else None
        target = m.scratch(old) + 4
        x = values[t][0] if t != 'F64' else 1.0
        for miss, k_store, ptr in (('offset', 8, 'p'), ('pointer', 0, 'q')):
            m.add('rmw', 'rmw_miss_%s_%s_%s_%s' % (miss, wat_op(load).replace('.', '_'), op.lower(), 'L'),
                  ['i64'], [('p', 'i32', target), ('q', 'i32', target), ('x', wt, x)],
                  rmw_body(load, t, op, store, 'L', 0, k_store, ptr), ['LD_%s_%s_L' % (load, op)], ())


def gen_mul_rmw(m, lists):
    """Multiply-add read-modify-writes: x[i] += a * b (the product of two values) and the axpy step
    y[i] += x * z[j] (a value times a loaded one), with the product on the left of the add as
    RMW_F64_MUL_ADD_R / RMW_F64_LOAD_MUL_ADD_L/_R fuse it; the same with the loaded value on the
    left (other fusions, checked for their values only)."""
    load = lambda k, p: mem('F64_LOAD', k, get(p))
    for n in range(6):
        a, b = m.rng.finite_f64(), m.rng.finite_f64()
        old = m.rng.finite_f64()
        z = F64_BASE + 8 * (n * 37 % 256)
        assert f64_no_nan(('MUL', a, b)) and f64_no_nan(('ADD', a * b, old))
        forms = {'mul': ('(f64.mul %s %s)' % (get('a'), get('b')), ['RMW_F64_MUL_ADD_R']),
                 'axpy': ('(f64.mul %s %s)' % (get('a'), load(0, 'z')), ['RMW_F64_LOAD_MUL_ADD_R']),
                 'axpy_l': ('(f64.mul %s %s)' % (load(0, 'z'), get('a')), ['RMW_F64_LOAD_MUL_ADD_L'])}
        for form, (product, fused) in forms.items():
            for side in ('product_left', 'load_left'):
                q, k = split_address(m.scratch(old) + 4, n)
                value = ('(f64.add %s %s)' % (product, load(k, 'q')) if side == 'product_left'
                         else '(f64.add %s %s)' % (load(k, 'q'), product))
                expect = fused if side == 'product_left' else []
                m.add('mul-rmw', 'mul_rmw_%s_%s_%d' % (form, side, n), ['i64'],
                      [('q', 'i32', q), ('z', 'i32', z), ('a', 'f64', a), ('b', 'f64', b)],
                      [mem('F64_STORE', k, get('q'), value), stored_bits(k, get('q'))], expect, ())


def axpy_pair_body(q_off, p_off, second_x='x', second_p='p', second_k='k', second_off=None, first_p='p',
                   second_q_off=None):
    """Two axpy steps, y[i] += x * z[i] and the same k bytes further, as clang unrolls them for
    wasm32 (RMW2_F64_LOAD_MUL_ADD_R when the second step is the first one shifted by k); returns
    both stored doubles' bits and q, folded into one i64. The keyword arguments change the second
    step (or the first one's z pointer) into shapes that must not fuse."""
    z_off = p_off if second_off is None else second_off
    q2_off = q_off if second_q_off is None else second_q_off
    load = lambda k, addr: mem('F64_LOAD', k, addr)
    step = lambda addr, x, z, qk: mem('F64_STORE', qk, addr, '(f64.add (f64.mul %s %s) %s)' % (
        get(x), z, load(qk, get('q'))))
    advanced = '(local.tee $q (i32.add %s %s))' % (get('q'), get(second_k))
    return [step(get('q'), 'x', load(p_off, get(first_p)), q_off),
            step(advanced, second_x, load(z_off, '(i32.add %s %s)' % (get(second_p), get(second_k))), q2_off),
            '(i64.xor (i64.xor %s (i64.rotl %s (i64.const 1))) (i64.extend_i32_u %s))' % (
                stored_bits(q2_off, get('q')), stored_bits(q_off, '(i32.sub %s %s)' % (get('q'), get(second_k))),
                get('q'))]


def gen_axpy_pair(m, lists):
    """The axpy loop unrolled twice: steps k bytes apart, forwards, backwards (k = -8: both
    pointers' sums wrap around 2^32), k = 0 (the same element twice), with offsets; then shapes
    that must not become RMW2_F64_LOAD_MUL_ADD_R (another multiplier, another pointer, another
    offset, y's pointer for z's), checked for their values. Each function has its own doubles."""
    shapes = [('', {}, 'RMW2_F64_LOAD_MUL_ADD_R'), ('miss_x_', dict(second_x='w'), None),
              ('miss_pointer_', dict(second_p='r'), None), ('miss_offset_', 'offset', None),
              ('miss_y_offset_', 'y_offset', None)]
    for n, k in enumerate([8, 16, -8, 0, 24, 8]):
        x = [1.5, -0.1, 3e100, 1e-300, -7.0, 0.1][n]
        p_off = [0, 8, 0, 16, 0, 0x800][n]
        q_off = [0, 0, 8, 4, 0, 16][n]
        z = F64_BASE + 8 * (n * 41 % 200) + 8
        for tag, kw, fused in shapes:
            if isinstance(kw, str):
                kw = {'offset': dict(second_off=p_off + 8), 'y_offset': dict(second_q_off=q_off + 8)}[kw]
            base = m.scratch(size=64) + 24
            for addr in (base + q_off, base + kw.get('second_q_off', q_off) + k):
                old = m.rng.finite_f64()
                m.put_f64(addr, old)
                assert f64_no_nan(('MUL', x, m.f64_at(z)), ('ADD', x * m.f64_at(z), old))
            local_vars = [('q', 'i32', base), ('p', 'i32', (z - p_off) & M32), ('k', 'i32', k), ('x', 'f64', x),
                          ('w', 'f64', 2.5), ('r', 'i32', (z - p_off) & M32)]
            m.add('axpy-pair', 'axpy_pair_%s%d' % (tag, n), ['i64'], local_vars, axpy_pair_body(q_off, p_off, **kw),
                  [fused or 'RMW_F64_LOAD_MUL_ADD_R'], ())
    # y's pointer for z's: the second step reads y (z_is_y), or both steps read and write y alone
    # (y_for_z: p and q one local, which the fused handler must not take). Doubles planted all
    # around y, so every read is a finite number.
    for n, k in enumerate([8, -8, 0]):
        for tag, kw in (('z_is_y', dict(second_p='q')), ('y_for_z', dict(first_p='q', second_p='q'))):
            base = m.scratch(size=64) + 24
            for i in range(-3, 5):
                m.put_f64(base + 8 * i, m.rng.finite_f64())
            local_vars = [('q', 'i32', base), ('p', 'i32', F64_BASE + 64), ('k', 'i32', k), ('x', 'f64', 0.75),
                          ('w', 'f64', 2.5), ('r', 'i32', 0)]
            m.add('axpy-pair', 'axpy_pair_miss_%s_%d' % (tag, n), ['i64'], local_vars, axpy_pair_body(0, 0, **kw),
                  ['RMW_F64_LOAD_MUL_ADD_R'], ())

def gen_axpy_pair_ax(m, lists):
    """The axpy pair after the two adds that computed its pointers (q = i + qb, p = i + pb, into
    locals: an I32_ADD2), as clang's matrix loops have it: one RMW2_F64_LOAD_MUL_ADD_R_AX, in
    either order of the adds and with sums wrapping around 2^32; not when an add writes a slot
    the pair reads (q = q + i, or p = i + p); the second step's load at the end of memory (a
    trap). Both pointers are folded into the result, the fused instruction storing them."""
    for n, (k, wrap, order) in enumerate([(8, 0, 'qp'), (16, 0, 'pq'), (-8, 1 << 31, 'qp'), (8, 5, 'pq'),
                                          (8, 0, 'q=q+i'), (8, 0, 'p=i+p'), (8, 0, 'trap')]):
        x = [1.5, -0.1, 3e100, 0.25, 2.0, -3.0, 1.0][n]
        z = F64_BASE + 8 * (n * 37 % 200) + 8 if order != 'trap' else END - 8
        base = m.scratch(size=64) + 24
        for addr in (base, base + k):
            old = m.rng.finite_f64()
            m.put_f64(addr, old)
            if order != 'trap':
                assert f64_no_nan(('MUL', x, m.f64_at(z)), ('ADD', x * m.f64_at(z), old))
        i = (base - wrap) & M32
        adds = {'q': '(local.set $q (i32.add %s %s))' % (get('i'), get('qb')),
                'p': '(local.set $p (i32.add %s %s))' % (get('i'), get('pb')),
                'q=q+i': '(local.set $q (i32.add %s %s))' % (get('q'), get('i')),
                'p=i+p': '(local.set $p (i32.add %s %s))' % (get('i'), get('p'))}
        pair = {'qp': ['q', 'p'], 'pq': ['p', 'q'], 'q=q+i': ['q=q+i', 'p'], 'p=i+p': ['q', 'p=i+p'],
                'trap': ['q', 'p']}[order]
        body = axpy_pair_body(0, 0)
        body = [adds[a] for a in pair] + body[:-1] + [
            '(i64.xor %s (i64.shl (i64.extend_i32_u %s) (i64.const 7)))' % (body[-1], get('p'))]
        fused = 'q=' not in order and 'p=' not in order
        expect = ['RMW2_F64_LOAD_MUL_ADD_R_AX'] if fused else ['RMW2_F64_LOAD_MUL_ADD_R', '!RMW2_F64_LOAD_MUL_ADD_R_AX']
        local_vars = [('i', 'i32', i), ('qb', 'i32', wrap), ('pb', 'i32', (z - i) & M32), ('k', 'i32', k),
                      ('x', 'f64', x), ('q', 'i32', 0 if order != 'q=q+i' else wrap),
                      ('p', 'i32', 0 if order != 'p=i+p' else (z - i) & M32)]
        m.add('axpy-pair', '%saxpy_pair_ax_%d' % ('trap_' if order == 'trap' else '', n), ['i64'], local_vars,
              body, expect, ())


def ax_operands(target, n):
    """(a, b, K) with (u32)(a + b) + K == target: plain, swapped, with an offset, and sums that
    wrap around 2^32."""
    return [(target, 0, 0), (0, target, 0), (target - 107, 100, 7), (-1, target + 1, 0),
            (I32_MIN, target - I32_MIN, 0), (target + 0x1000, -0x1010, 16)][n]


AX_VALUES = {'i32': [0, -1, I32_MIN, 0x12345678, 0xFEDCBA98, 0x80],
             'i64': [0, -1, I64_MIN, 0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x8000],
             'f32': [1.5, -0.0, 3.4028234663852886e38, 1.401298464324817e-45, -0.1, 1e-10],
             'f64': [1.5, -0.0, 1.7976931348623157e308, 5e-324, -0.1, 1e300]}


def gen_ax(m, lists):
    """Every load and store with an i32.add address: (load offset=K (i32.add a b))."""
    for name, _, vt, _, is_store, _ in lists.memory_ops:
        for n in range(6):
            target = m.scratch() + 2 + n % 3 if is_store == '1' else int_target(m, n) + 8
            a, b, k = ax_operands(target, n)
            addr = '(i32.add %s %s)' % (get('a'), get('b'))
            local_vars = [('a', 'i32', a), ('b', 'i32', b)]
            if is_store == '1':
                local_vars.append(('v', vt, AX_VALUES[vt][n]))
                body, results = [mem(name, k, addr, get('v')), stored_bits(k, addr)], ['i64']
            else:
                body, results = [as_bits(vt, mem(name, k, addr))], [bits_type(vt)]
            m.add('ax', 'ax_%s_%d' % (wat_op(name).replace('.', '_'), n), results, local_vars, body,
                  [name + '_AX'], [name + '_AX_CHK'])


def vector_lanes(local, expr):
    """A body setting v128 `local` to expr and returning it as its two i64 lanes."""
    return ['(local.set $%s %s)' % (local, expr), '(i64x2.extract_lane 0 (local.get $%s))' % local,
            '(i64x2.extract_lane 1 (local.get $%s))' % local]


def gen_simd_ax(m, lists):
    """Whole-vector SIMD loads and stores with an i32.add address (guard-page mode only); the
    vector is returned as its two i64 lanes."""
    vectors = [(0, 0), (-1, 1), (I64_MIN, I64_MAX), (0x0123456789ABCDEF, 0xFEDCBA9876543210),
               (0x8000000080000000, 0x00FF00FF00FF00FF), (1, -2)]
    for name, kind in lists.simd_ax_ops:
        for n in range(6):
            store = kind == 'store'
            target = m.scratch(size=2 * SLOT) + 2 + n % 3 if store else int_target(m, n) + 8
            a, b, k = ax_operands(target, n)
            addr = '(i32.add %s %s)' % (get('a'), get('b'))
            if store:
                body = [mem(name, k, addr, get('v')), mem('I64_LOAD', k, addr), mem('I64_LOAD', k + 8, addr)]
            else:
                body = vector_lanes('v', mem(name, k, addr))
            m.add('simd-ax', 'ax_%s_%d' % (wat_op(name).replace('.', '_'), n), ['i64', 'i64'],
                  [('a', 'i32', a), ('b', 'i32', b), ('v', 'v128', vectors[n] if store else None)], body,
                  [name + '_AX'], ())


ZEXTS = ['i16x8.extend_low_i8x16_u', 'i16x8.extend_high_i8x16_u', 'i32x4.extend_low_i16x8_u',
         'i32x4.extend_high_i16x8_u', 'i64x2.extend_low_i32x4_u', 'i64x2.extend_high_i32x4_u']


def host_has_ssse3():
    """Whether wasmbox's translator may choose its pshufb (SSSE3) shuffle here."""
    if os.environ.get('WASMBOX_SIMD_PORTABLE', '0') not in ('', '0'):
        return False
    try:
        with open('/proc/cpuinfo') as f:
            return re.search(r'^flags\s*:.*\bssse3\b', f.read(), re.M) is not None
    except OSError:
        return False


def gen_simd_zext(m, lists):
    """Zero-extensions of a value just shuffled or just zero-extended, which the translator folds
    into one pshufb shuffle (translate_simd.c): shuffle then extend, extend then extend, and a
    shuffle extended twice, with lane patterns from both operands, repeated lanes and the top
    lanes. The result is returned as its two i64 lanes."""
    rng = Rng(SEED ^ 0x2E87)
    shuffles = [list(range(16)), list(range(31, 15, -1)), [i // 2 + (16 if i % 2 else 0) for i in range(16)],
                [7] * 16, [8 + i % 8 for i in range(16)], [rng.below(32) for _ in range(16)]]
    vectors = [(0x0123456789ABCDEF, 0xFEDCBA9876543210), (-1, 0x8000000080000000), (0x7F80FF0001FE7F01, 0)]
    source_width = lambda z: z.split('_')[-2]  # i8x16 / i16x8 / i32x4
    shapes = []
    for z in ZEXTS:
        for n, lanes in enumerate(shuffles):
            shapes.append(('shuf%d_%s' % (n, z.split('.')[1]),
                           '(%s (i8x16.shuffle %s (local.get $a) (local.get $b)))' % (z, ' '.join(map(str, lanes)))))
    for z1 in ZEXTS:
        for z2 in ZEXTS:
            if source_width(z2) == z1.split('.')[0]:
                shapes.append(('%s_%s' % (z1.split('.')[1], z2.split('.')[1]), '(%s (%s (local.get $a)))' % (z2, z1)))
                shapes.append(('shuf_%s_%s' % (z1.split('.')[1], z2.split('.')[1]),
                               '(%s (%s (i8x16.shuffle %s (local.get $a) (local.get $b))))'
                               % (z2, z1, ' '.join(map(str, shuffles[5])))))
    # What must be gone: every extension (and for a shuffle extended, no second instruction).
    gone = ['!' + z.upper().replace('.', '_') for z in ZEXTS]
    expect = ['I8X16_SHUFFLE_SSSE3'] + gone if host_has_ssse3() else []
    for tag, expr in shapes:
        for n, (va, vb) in enumerate(zip(vectors, vectors[1:] + vectors[:1])):
            body = vector_lanes('r', expr)
            m.add('simd-zext', 'zext_%s_%d' % (tag, n), ['i64', 'i64'],
                  [('a', 'v128', va), ('b', 'v128', vb), ('r', 'v128', None)], body, expect)


def gen_simd_lane_tests(m, lists):
    """Lane tests (translate.c): i64.or of an i64x2 vector's two lanes (I64X2_OR_LANES, either
    order), and branches on it through i64.eqz and i32.eqz, or on v128.any_true through none, one
    or two i32.eqz (V128_ANY_BR / V128_NONE_BR), as br_if and as if; the same lane twice, or lanes
    of two vectors, stay an or. Vectors: zero, a bit in one lane only (the lowest, the highest),
    all ones."""
    vectors = [(0, 0), (1, 0), (0, I64_MIN), (-1, -1), (0, 1 << 32)]
    lanes = lambda x, y, v='a', w='a': '(i64.or (i64x2.extract_lane %d %s) (i64x2.extract_lane %d %s))' % (
        x, get(v), y, get(w))
    for n, (va, vb) in enumerate(zip(vectors, vectors[1:] + vectors[:1])):
        vars_ = [('a', 'v128', va), ('b', 'v128', vb), ('r', 'i32', 1)]
        for tag, expr, expect in (('or01', lanes(0, 1), ['I64X2_OR_LANES']),
                                  ('or10', lanes(1, 0), ['I64X2_OR_LANES']),
                                  ('or00', lanes(0, 0), ['!I64X2_OR_LANES']),
                                  ('or_two_vectors', lanes(0, 1, 'a', 'b'), ['!I64X2_OR_LANES'])):
            m.add('simd-lane-test', 'lanes_%s_%d' % (tag, n), ['i64'], vars_, [expr], expect)
        conds = {'or_eqz': ('(i64.eqz %s)' % lanes(0, 1), True), 'or_eqz_eqz': ('(i32.eqz (i64.eqz %s))' % lanes(1, 0), False),
                 'any': ('(v128.any_true %s)' % get('a'), False), 'any_eqz': ('(i32.eqz (v128.any_true %s))' % get('a'), True),
                 'any_eqz_eqz': ('(i32.eqz (i32.eqz (v128.any_true %s)))' % get('a'), False)}
        for tag, (cond, none) in conds.items():
            # br_if branches when cond holds; if runs its then arm when it holds (so branches when not)
            for shape, body, when in (
                    ('brif', ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r')], True),
                    ('if', ['(if (result i32) %s (then (i32.const 1)) (else (i32.const 0)))' % cond], False)):
                fused = 'V128_NONE_BR' if none == when else 'V128_ANY_BR'
                m.add('simd-lane-test', 'lanebr_%s_%s_%d' % (tag, shape, n), ['i32'], vars_, body,
                      [fused, '!I64X2_OR_LANES', '!V128_ANY_TRUE'])


def simd_operand(rng, name, n):
    """A vector operand of SIMD operation `name` (as its two i64 lanes): floats small and exact
    (so no sum, difference or product is a NaN or infinite), integers random or, for n == 0, the
    extremes of every lane width."""
    if name.startswith('F32X4') or name.startswith('F64X2'):
        fmt, count = ('<4f', 4) if name.startswith('F32X4') else ('<2d', 2)
        raw = struct.pack(fmt, *[(rng.below(4001) - 2000) / 8.0 for _ in range(count)])
    elif n == 0:
        raw = bytes([0x80, 0x00, 0xFF, 0x7F, 0x00, 0x80, 0xFF, 0xFF, 0x01, 0x00, 0x00, 0x80, 0xFE, 0xFF, 0xFF, 0x7F])
    else:
        raw = struct.pack('<QQ', rng.next64(), rng.next64())
    return struct.unpack('<QQ', raw)


def gen_simd_load_ops(m, lists):
    """A binary SIMD operation whose right operand is a whole vector just loaded, from a plain
    address (even n) or an i32.add one (odd n, wrapping sums among them), at unaligned addresses;
    and the same loads straddling the end of memory (a trap). The loaded vector is planted in
    the function's own slot; the result is returned as its two i64 lanes."""
    rng = Rng(SEED ^ 0x51D0)
    for name in lists.simd_load_ops:
        for n in range(6):
            target = m.scratch(size=2 * SLOT) + n % 3 if n < 4 else END - 8
            if n < 4:
                m.image[target:target + 16] = struct.pack('<QQ', *simd_operand(rng, name, n))
            ax = n % 2 == 1
            if ax:
                x, y, k = ax_operands(target, n)
                addr, addr_vars = '(i32.add %s %s)' % (get('x'), get('y')), [('x', 'i32', x), ('y', 'i32', y)]
            else:
                k = 3 * n
                addr, addr_vars = get('x'), [('x', 'i32', target - k)]
            body = vector_lanes('r', '(%s %s %s)' % (wat_op(name), get('a'), mem('V128_LOAD', k, addr)))
            tag = 'trap_' if n >= 4 else ''
            m.add('simd-load-op', '%sld_%s_%d' % (tag, name.lower(), n), ['i64', 'i64'],
                  [('a', 'v128', simd_operand(rng, name, n + 1))] + addr_vars + [('r', 'v128', None)], body,
                  [name + ('_LD_AX' if ax else '_LD')], ())


def gen_simd_mul_loads(m, lists):
    """A multiplication of two vectors just loaded by the same widening load, both with i32.add
    addresses (wrapping sums among them); the two halves are planted in the function's own slot
    (lane extremes for n == 0), and the last two functions' second load straddles the end of
    memory."""
    rng = Rng(SEED ^ 0xD07)
    for mul, load in lists.simd_mul_loads:
        for n in range(6):
            slot = m.scratch(size=2 * SLOT) + n % 3
            halves = struct.pack('<QQ', *simd_operand(rng, mul, n))
            m.image[slot:slot + 16] = halves[8:] + halves[:8] if n == 1 else halves
            x1, y1, k1 = ax_operands(slot, n)
            x2, y2, k2 = ax_operands(slot + 8 if n < 4 else END - 4, 5 - n)
            addr1 = '(i32.add %s %s)' % (get('x1'), get('y1'))
            addr2 = '(i32.add %s %s)' % (get('x2'), get('y2'))
            body = vector_lanes('r', '(%s %s %s)' % (wat_op(mul), mem(load, k1, addr1), mem(load, k2, addr2)))
            tag = 'trap_' if n >= 4 else ''
            m.add('simd-mul-loads', '%s%s_%s_%d' % (tag, mul.lower(), load.lower(), n), ['i64', 'i64'],
                  [('x1', 'i32', x1), ('y1', 'i32', y1), ('x2', 'i32', x2), ('y2', 'i32', y2), ('r', 'v128', None)],
                  body, ['%s_%s_AX2' % (mul, load)], ())


def gen_simd_pairs(m, lists):
    """Two dependent float vector operations, the first one's result consumed by the second on
    the left (_L) or the right (_R), for every pair and lane type; lanes small and exact, so no
    NaN or infinity arises. Returned as the result's two i64 lanes."""
    rng = Rng(SEED ^ 0xFA1C)
    for t in lists.simd_pair_types:
        for op1 in lists.simd_pair_ops:
            for op2 in lists.simd_pair_ops:
                for side in 'LR':
                    inner = '(%s %s %s)' % (wat_op(t + '_' + op1), get('x'), get('y'))
                    outer = (inner, get('b')) if side == 'L' else (get('b'), inner)
                    for n in range(2):
                        body = vector_lanes('r', '(%s %s %s)' % ((wat_op(t + '_' + op2),) + outer))
                        local_vars = [(v, 'v128', simd_operand(rng, t, 1)) for v in 'xyb'] + [('r', 'v128', None)]
                        m.add('simd-pairs', 'pair_%s_%s_%s_%s_%d' % (t.lower(), op1.lower(), op2.lower(), side, n),
                              ['i64', 'i64'], local_vars, body, ['FUSE_%s_%s_%s_%s' % (t, op1, op2, side)])


def gen_load_load(m, lists):
    """A load through a pointer just loaded: (load2 offset=K2 (i32.load offset=K1 p))."""
    for load, size, _ in lists.load_load_ops:
        size = int(size)
        vt = wat_op(load).split('.')[0]
        target = int_target(m, 1) + 0x100
        # (pointer value, K1 split of the pointer slot's address, K2): pointer into the data,
        # pointer ending exactly at the end of memory, a null pointer with the address in K2.
        cases = [(target, 0, 0), (target - 5, None, 5), (target - 0x100, 3, 0x100),
                 (PAGE - size, 0, 0), (0, 16, target), (PAGE - size - 0x20, 1, 0x20)]
        for n, (ptr, k1_choice, k2) in enumerate(cases):
            slot = m.pointer(ptr)
            k1 = slot if k1_choice is None else min(k1_choice, slot)
            m.add('load-load', 'll_%s_%d' % (wat_op(load).replace('.', '_'), n),
                  [{'f64': 'i64'}.get(vt, vt)], [('p', 'i32', slot - k1)],
                  [as_bits(vt, mem(load, k2, mem('I32_LOAD', k1, get('p'))))], ['LL_' + load], ())


# Table indices: (expression, fused instruction, index function of (v, k, m)).
TABLE_INDEX = {
    'shr_and_l': ('(i32.and (i32.shr_u %s %s) %s)' % (get('v'), get('k'), get('m')), 'I32_LOAD_SHR_AND_AX',
                  lambda v, k, mask: ((v & M32) >> (k & 31)) & mask & M32),
    'shr_and_r': ('(i32.and %s (i32.shr_u %s %s))' % (get('m'), get('v'), get('k')), 'I32_LOAD_SHR_AND_AX',
                  lambda v, k, mask: ((v & M32) >> (k & 31)) & mask & M32),
    'and_shl': ('(i32.shl (i32.and %s %s) %s)' % (get('v'), get('m'), get('k')), 'I32_LOAD_AND_SHL_AX',
                lambda v, k, mask: ((v & mask & M32) << (k & 31)) & M32)}


def table_lookup(shape, base_first, k_off):
    index = TABLE_INDEX[shape][0]
    operands = (get('base'), index) if base_first else (index, get('base'))
    return mem('I32_LOAD', k_off, '(i32.add %s %s)' % operands)


def gen_table_lookup(m, lists):
    """A load from a table at base + index, the index (v >> k) & m or (v & m) << k (AES's
    T-tables), base on either side of the add; the base makes the sum wrap in some sets."""
    # (v, k, m): an index byte scaled by 4 as AES takes it, the top byte, shift counts at and past
    # the width, a mask of all ones, an index of zero, and one pseudo-random set.
    sets = [(0x12345678, 14, 0x3FC), (-1, 24, 0xFF), (I32_MIN, 33, -1), (-1, 0, 0x3FC),
            (0, 31, -1), (s32(m.rng.next64()), m.rng.below(64), 0xFF0)]
    for shape, (_, fused, index_of) in TABLE_INDEX.items():
        for base_first in (True, False):
            for n, (v, k, mask) in enumerate(sets):
                if shape == 'and_shl':
                    k = [2, 0, 33, 4, 31, 3][n]  # (v & m) << k: small shifts keep some index bits
                target = int_target(m, n) + 4
                index = index_of(v, k, mask)
                k_off = min(OFFSETS[n % len(OFFSETS)] or target, target)
                base = s32(target - k_off - index)
                m.add('table-lookup', 'lookup_%s_%s_%d' % (shape, 'bi' if base_first else 'ib', n), ['i32'],
                      [('base', 'i32', base), ('v', 'i32', v), ('k', 'i32', k), ('m', 'i32', mask)],
                      [table_lookup(shape, base_first, k_off)], [fused], ())


def gen_rotations(m, lists):
    """Rotations of one x xored (SHA-2's Sigma functions): two, three, two and a shift."""
    r = lambda k: '(i32.rotl %s %s)' % (get('x'), get(k))
    shapes = {'rotl2_xor': ('(i32.xor %s %s)' % (r('a'), r('b')), 'I32_ROTL2_XOR'),
              'rotl3_xor': ('(i32.xor (i32.xor %s %s) %s)' % (r('a'), r('b'), r('c')), 'I32_ROTL3_XOR'),
              'rotl2_xor_shr_u': ('(i32.xor (i32.xor %s %s) (i32.shr_u %s %s))' % (r('a'), r('b'), get('x'), get('c')),
                                  'I32_ROTL2_XOR_SHR_U')}
    # (x, a, b, c): SHA-256's counts as rotl takes them, zero counts, counts at and past the width
    # and negative, and one pseudo-random set.
    sets = [(0x6A09E667, 30, 19, 10), (0x510E527F, 26, 21, 7), (-1, 0, 32, 3), (I32_MIN, 33, -1, 31),
            (0, 1, 2, 64), (s32(m.rng.next64()), m.rng.below(64), m.rng.below(64), m.rng.below(64))]
    for shape, (body, fused) in shapes.items():
        for n, (x, a, b, c) in enumerate(sets):
            m.add('rotations', '%s_%d' % (shape, n), ['i32'],
                  [('x', 'i32', x), ('a', 'i32', a), ('b', 'i32', b), ('c', 'i32', c)], [body], [fused])


def cmp_expr(t, cmp, a, b):
    return '(%s.eqz %s)' % (t, a) if cmp.upper() == 'EQZ' else binop(t, cmp, a, b)


def gen_compare_branch(m, lists):
    """Compare-and-branch, i32 and i64: every compare as an `if` condition, as a br_if taken
    when true, and as (br_if (i32.eqz (cmp ...)))."""
    sets = {'i32': [(0, 0), (1, -1), (-1, 1), (I32_MIN, I32_MAX), (I32_MAX, I32_MIN), (7, 7)],
            'i64': [(0, 0), (1, -1), (-1, 1), (I64_MIN, I64_MAX), (I64_MAX, I64_MIN), (1 << 32, 0),
                    (0x100000005, 5), (-(1 << 32), 1 << 32)]}
    for t in ('i32', 'i64'):
        T = t.upper()
        for cmp in CMPS + ['EQZ']:
            cond = cmp_expr(t, cmp.lower(), get('a'), get('b'))
            if cmp == 'EQZ':  # branching when false tests != 0: BR_IF (not fused) for an i32
                expect = {'if': ['I64_NEZ_BR'] if t == 'i64' else [], 'brif': [T + '_EQZ_BR']}
            else:
                expect = {'if': ['%s_%s_BR' % (T, INVERSE[cmp])], 'brif': ['%s_%s_BR' % (T, cmp)]}
            # The i32.eqz of a compare: the compare's branch, taken the other way (an i32.eqz
            # inverted is a BR_IF, not fused).
            if cmp == 'EQZ':
                expect['brifnot'] = ['I64_NEZ_BR'] if t == 'i64' else ['!I32_EQZ']
            else:
                expect['brifnot'] = ['%s_%s_BR' % (T, INVERSE[cmp])]
            bodies = {
                'if': ['(if (result i32) %s (then (i32.const 1)) (else (i32.const 0)))' % cond],
                'brif': ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r')],
                'brifnot': ['(block $b (br_if $b (i32.eqz %s)) (local.set $r (i32.const 0)))' % cond, get('r')],
            }
            for shape, body in bodies.items():
                for n, (a, b) in enumerate(sets[t]):
                    m.add('compare-branch', 'cmpbr_%s_%s_%s_%d' % (t, cmp.lower(), shape, n), ['i32'],
                          [('a', t, a), ('b', t, b), ('r', 'i32', 1)], body, expect[shape])


# Loop parameters (start, step, limit): signed and unsigned boundaries, wrap-arounds, both
# directions. Each compare and side uses the first few that end within LOOP_LIMIT iterations,
# those that branch back at least once first.
LOOP_CANDIDATES = [(I32_MAX - 5, 1, I32_MAX), (I32_MAX - 5, 2, I32_MIN), (0xFFFFFFF0, 3, 0xFFFFFFFF),
                   (-5, 1, 0), (I32_MIN + 5, -1, I32_MIN), (0x7FFFFFF0, 0x10, 0x80000000), (-3, 1, 3),
                   (3, -1, -3), (0, 1, 10), (10, -1, 0), (0, 7, 100), (100, -7, 0), (5, 1, 5),
                   (I32_MIN, -1, I32_MAX), (0, -1, 0xFFFFFFF8), (4, 1, 5), (-1, 1, 0)]
LOOP_LIMIT = 2000
LOOPS_PER_SHAPE = 5


def loop_iterations(start, step, limit, cmp, counter_left):
    """Iterations of do { i += step } while (i cmp limit), or None past LOOP_LIMIT."""
    i = start & M32
    for count in range(1, LOOP_LIMIT + 1):
        i = (i + step) & M32
        if not (cmp_i32(cmp, i, limit) if counter_left else cmp_i32(cmp, limit, i)):
            return count
    return None


def gen_loops(m, lists):
    """Loop closings i = i + k (or i = i - k, counting down); br_if (i cmp n), with local.tee or
    local.set/local.get, the counter left or right of the compare; returns the final counter and
    a value accumulated per pass."""
    acc = '(local.set $acc (i32.xor (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))'
    for arith in ('add', 'sub'):
        for cmp in CMPS:
            for form in ('tee', 'set'):
                for side in ('left', 'right'):
                    runs = [(loop_iterations(*c, cmp, side == 'left'), c) for c in LOOP_CANDIDATES]
                    chosen = [c for n, c in runs if n and n > 1] + [c for n, c in runs if n == 1]
                    for n, (start, step, limit) in enumerate(chosen[:LOOPS_PER_SHAPE]):
                        # i - (-step) steps as i + step does
                        k = const('i32', step if arith == 'add' else s32(-step & M32))
                        update = '(i32.%s (local.get $i) %s)' % (arith, k)
                        counter = '(local.tee $i %s)' % update if form == 'tee' else get('i')
                        operands = (counter, const('i32', limit)) if side == 'left' else (const('i32', limit), counter)
                        close = '(br_if $l %s)' % binop('I32', cmp, *operands)
                        body = [acc, close] if form == 'tee' else [acc, '(local.set $i %s)' % update, close]
                        fused = cmp if side == 'left' else SWAPPED[cmp]
                        name = 'loop_%s%s_%s_%s_%d' % ('' if arith == 'add' else 'sub_', cmp.lower(), form, side, n)
                        m.add('loop-close', name, ['i32', 'i32'], [('i', 'i32', start), ('acc', 'i32', None)],
                              ['(loop $l'] + ['  ' + line for line in body] + [')', get('i'), get('acc')],
                              ['I32_%s_%s_BR' % (arith.upper(), fused)])


def loop_iterations64(start, step, limit, cmp, counter_left):
    """loop_iterations with an i64 counter."""
    s64v = lambda v: v - (1 << 64) if v >> 63 else v
    i = start & M64
    for count in range(1, LOOP_LIMIT + 1):
        i = (i + step) & M64
        a, b = (i, limit & M64) if counter_left else (limit & M64, i)
        if cmp.endswith('_S'):
            a, b = s64v(a), s64v(b)
        if not {'EQ': a == b, 'NE': a != b, 'LT': a < b, 'GT': a > b, 'LE': a <= b,
                'GE': a >= b}[cmp.split('_')[0]]:
            return count
    return None


LOOP64_CANDIDATES = [(I64_MAX - 5, 1, I64_MAX), (I64_MAX - 5, 2, I64_MIN), (-5, 1, 0), (I64_MIN + 5, -1, I64_MIN),
                     (0x7FFFFFFF, 1, 0x80000003), (0xFFFFFFFE, 1, 0x100000001), (0, 1, 10), (10, -1, 0),
                     (0, 7, 100), (100, -7, 0), (5, 1, 5), (-3, 1, 3), (3, -1, -3), (4, 1, 5), (-1, 1, 0)]


def gen_loops64(m, lists):
    """Loop closings with an i64 counter: i = i + k; br_if (i cmp n) (I64_ADD_*_BR)."""
    acc = '(local.set $acc (i64.xor (i64.mul (local.get $acc) (i64.const 31)) (local.get $i)))'
    for cmp in CMPS:
        for form in ('tee', 'set'):
            for side in ('left', 'right'):
                runs = [(loop_iterations64(*c, cmp, side == 'left'), c) for c in LOOP64_CANDIDATES]
                chosen = [c for n, c in runs if n and n > 1] + [c for n, c in runs if n == 1]
                for n, (start, step, limit) in enumerate(chosen[:3]):
                    update = '(i64.add (local.get $i) %s)' % const('i64', step)
                    counter = '(local.tee $i %s)' % update if form == 'tee' else get('i')
                    operands = (counter, const('i64', limit)) if side == 'left' else (const('i64', limit), counter)
                    close = '(br_if $l %s)' % binop('I64', cmp, *operands)
                    body = [acc, close] if form == 'tee' else [acc, '(local.set $i %s)' % update, close]
                    fused = cmp if side == 'left' else SWAPPED[cmp]
                    m.add('loop-close', 'loop64_%s_%s_%s_%d' % (cmp.lower(), form, side, n), ['i64', 'i64'],
                          [('i', 'i64', start), ('acc', 'i64', None)],
                          ['(loop $l'] + ['  ' + line for line in body] + [')', get('i'), get('acc')],
                          ['I64_ADD_%s_BR' % fused])


def gen_and_branch(m, lists):
    """Branches on (i32.and a b) and its eqz, as br_if and as an if condition."""
    sets = [(0, 0), (1, 1), (2, 1), (I32_MIN, I32_MIN), (I32_MIN, I32_MAX), (-1, 0x100), (0x0F0F0F0F, 0xF0F0F0F0)]
    conds = {'brif': ('(i32.and $)', 'I32_AND_NZ_BR'), 'brifnot': ('(i32.eqz (i32.and $))', 'I32_AND_Z_BR'),
             'if': ('(i32.and $)', 'I32_AND_Z_BR'), 'ifnot': ('(i32.eqz (i32.and $))', 'I32_AND_NZ_BR')}
    for shape, (template, fused) in conds.items():
        cond = template.replace('$', '%s %s' % (get('a'), get('b')))
        if shape.startswith('brif'):
            body = ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r')]
        else:
            body = ['(if (result i32) %s (then (i32.const 1)) (else (i32.const 0)))' % cond]
        for n, (a, b) in enumerate(sets):
            m.add('and-branch', 'andbr_%s_%d' % (shape, n), ['i32'],
                  [('a', 'i32', a), ('b', 'i32', b), ('r', 'i32', 1)], body, [fused])


def gen_arith_branch(m, lists):
    """Branches on the result of an i32.add/sub that is also kept (n = n - 1; br_if n), as
    br_if in both senses and as an if condition, through local.tee and through a plain value."""
    sets = [(0, 0), (1, 1), (5, 1), (0, 1), (I32_MIN, 1), (I32_MAX, -1), (-1, 1), (7, I32_MIN)]
    for op in ('add', 'sub'):
        forms = {'tee_brif': ('(local.tee $d (i32.%s $))' % op, 'I32_%s_NZ_BR' % op.upper(), 'brif'),
                 'tee_brifnot': ('(i32.eqz (local.tee $d (i32.%s $)))' % op, 'I32_%s_Z_BR' % op.upper(), 'brif'),
                 'tee_if': ('(local.tee $d (i32.%s $))' % op, 'I32_%s_Z_BR' % op.upper(), 'if'),
                 'brif': ('(i32.%s $)' % op, 'I32_%s_NZ_BR' % op.upper(), 'brif')}
        for shape, (template, fused, kind) in forms.items():
            cond = template.replace('$)', '%s %s)' % (get('a'), get('b')), 1)
            if kind == 'brif':
                body = ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r'), get('d')]
            else:
                body = ['(if (result i32) %s (then (i32.const 1)) (else (i32.const 0)))' % cond, get('d')]
            for n, (a, b) in enumerate(sets):
                m.add('arith-branch', '%sbr_%s_%d' % (op, shape, n), ['i32', 'i32'],
                      [('a', 'i32', a), ('b', 'i32', b), ('r', 'i32', 1), ('d', 'i32', 0x77)], body, [fused])


def br_table_body(index):
    """A br_table on index with three cases and the default, returning which one it took."""
    return ['(block $d (block $c2 (block $c1 (block $c0',
            '  (br_table $c0 $c1 $c2 $d %s))' % index,
            '  (return (i32.const 100)))', ' (return (i32.const 101)))', '(return (i32.const 102)))',
            '(i32.const 199)']


def gen_br_table(m, lists):
    """br_table on (i32.sub x k): in range, past the table (default), and negative differences
    (huge unsigned: the default too); plain targets, and targets carrying a value (stubs)."""
    sets = [(5, 5), (6, 5), (7, 5), (8, 5), (4, 5), (I32_MIN, I32_MAX), (I32_MAX, I32_MIN), (0, -2),
            (-1, -2), (100, 0)]
    index = '(i32.sub (local.get $x) (local.get $k))'
    plain = br_table_body(index)
    valued = ['(block $d (result i32) (block $c1 (result i32) (block $c0 (result i32)',
              '  (br_table $c0 $c1 $d (local.get $v) %s))' % index,
              '  (return (i32.add (i32.const 1000))))', ' (return (i32.add (i32.const 2000))))',
              '(i32.add (i32.const 3000))']
    for shape, body in (('plain', plain), ('value', valued)):
        for n, (x, k) in enumerate(sets):
            m.add('br-table', 'brtable_sub_%s_%d' % (shape, n), ['i32'],
                  [('x', 'i32', x), ('k', 'i32', k), ('v', 'i32', 0x55)], body, ['BR_TABLE_SUB'])


def gen_br_table_load(m, lists):
    """br_table on a value just loaded, less a constant or not (BR_TABLE_LOAD8_U on a byte,
    BR_TABLE_LOAD_AX on a word at a sum of two slots: clang's computed goto): loaded values in the
    table, past it, and below the constant (huge unsigned: the default); a subtrahend in a local
    is not an immediate, and stays BR_TABLE_SUB."""
    byte = lambda k: '(i32.load8_u offset=%d (local.get $p))' % k
    word = lambda k: '(i32.load offset=%d (i32.add (local.get $a) (local.get $b)))' % k
    sub = lambda e, c: '(i32.sub %s (i32.const %d))' % (e, c)
    for n, (value, c) in enumerate([(0, 0), (1, 0), (2, 0), (3, 0), (0xFF, 0), (7, 5), (9, 7), (4, 5), (0x80000001, 0x80000000),
                                    (0, 1)]):
        slot = m.pointer(value)
        p, k = split_address(slot, n)
        a, b, kw = ax_operands(slot, n % 6)
        forms = [('byte', byte(k), 'BR_TABLE_LOAD8_U'), ('word', word(kw), 'BR_TABLE_LOAD_AX')]
        if c:
            forms = [(f + '_sub', sub(e, c), fused) for f, e, fused in forms]
        for form, index, fused in forms:
            m.add('br-table-load', 'brtable_load_%s_%d' % (form, n), ['i32'],
                  [('p', 'i32', p), ('a', 'i32', a), ('b', 'i32', b)], br_table_body(index), [fused], ())
        m.add('br-table-load', 'brtable_load_local_k_%d' % n, ['i32'],
              [('p', 'i32', p), ('c', 'i32', c)], br_table_body('(i32.sub %s (local.get $c))' % byte(k)),
              ['BR_TABLE_SUB'])


def gen_block_results(m, lists):
    """A block's one result stored by local.set/tee right after its end: the translator makes the
    instructions that write it before each branch (and the fall-through) write the local instead
    (result_into_local). Shapes: several branch sites (a sum of the local itself, another local,
    a constant) and the fall-through, taken or not; the local read after a site not taken; a
    branch from a nested block; the old value of the local still on the stack; br_if carrying
    the value (not done: it would write the local on the path that goes on); i64 and f64
    results; the fall-through a read of the local itself, of another local, a constant; if/else
    (the then-part's jump to the end a branch site), with branches to the if's end, reads of
    the local in the else-part, locals read lazily as the value."""
    bodies = {
        'sites': ['(local.set $x (block $b (result i32)',
                  '  (if (i32.eq (local.get $s) (i32.const 0)) (then (br $b (i32.add (local.get $x) (i32.const 10)))))',
                  '  (if (i32.eq (local.get $s) (i32.const 1)) (then (br $b (local.get $y))))',
                  '  (if (i32.eq (local.get $s) (i32.const 2)) (then (br $b (i32.const 77))))',
                  '  (i32.mul (local.get $x) (i32.const 3))))',
                  '(i32.add (local.get $x) (i32.mul (local.get $y) (i32.const 1000)))'],
        'tee': ['(i32.add (local.tee $x (block $b (result i32)',
                '  (if (local.get $s) (then (br $b (i32.sub (local.get $y) (local.get $x)))))',
                '  (i32.xor (local.get $x) (local.get $y))))',
                ' (i32.mul (local.get $x) (i32.const 7)))'],
        'read_after_site': ['(local.set $x (block $b (result i32)',
                            '  (if (i32.eq (local.get $s) (i32.const 1)) (then (br $b (i32.add (local.get $y) (i32.const 1)))))',
                            '  (local.set $y (i32.add (local.get $x) (i32.const 1000)))',
                            '  (i32.add (local.get $x) (local.get $y))))',
                            '(i32.add (local.get $x) (i32.shl (local.get $y) (i32.const 8)))'],
        'nested': ['(local.set $x (block $o (result i32)',
                   '  (drop (block $i (result i32)',
                   '    (if (local.get $s) (then (br $o (i32.sub (local.get $x) (local.get $y)))))',
                   '    (br $i (i32.add (local.get $x) (i32.const 1)))))',
                   '  (i32.add (local.get $x) (i32.const 5))))',
                   '(local.get $x)'],
        'old_value_below': ['local.get $x',
                            'block $b (result i32)',
                            '  (if (local.get $s) (then (br $b (i32.add (local.get $x) (local.get $y)))))',
                            '  (i32.sub (local.get $y) (local.get $x))',
                            'end',
                            'local.set $x',
                            '(i32.add (i32.mul (local.get $x) (i32.const 65536)))'],
        'br_if_value': ['(local.set $x (block $b (result i32)',
                        '  (local.set $y (br_if $b (i32.add (local.get $x) (i32.const 3)) (local.get $s)))',
                        '  (i32.add (local.get $x) (local.get $y))))',
                        '(i32.sub (local.get $x) (local.get $y))'],
        'fall_self': ['(local.set $x (block $b (result i32)',
                      '  (if (local.get $s) (then (br $b (i32.mul (local.get $y) (local.get $y)))))',
                      '  (local.get $x)))', '(local.get $x)'],
        'fall_other': ['(local.set $x (block $b (result i32)',
                       '  (if (local.get $s) (then (br $b (i32.mul (local.get $x) (local.get $x)))))',
                       '  (local.get $y)))', '(i32.add (local.get $x) (local.get $y))'],
        'fall_const': ['(local.set $x (block $b (result i32)',
                       '  (if (local.get $s) (then (br $b (i32.rotl (local.get $x) (local.get $y)))))',
                       '  (i32.const -5)))', '(local.get $x)'],
        'if_else': ['(local.set $x (if (result i32) (i32.and (local.get $s) (i32.const 1))',
                    '  (then (i32.add (local.get $x) (local.get $y)))',
                    '  (else (i32.mul (local.get $x) (i32.const 3)))))',
                    '(i32.sub (local.get $x) (local.get $y))'],
        'if_else_reads': ['(local.set $x (if (result i32) (local.get $s)',
                          '  (then (i32.sub (local.get $y) (local.get $x)))',
                          '  (else (local.set $y (local.get $x)) (i32.add (local.get $x) (local.get $y)))))',
                          '(i32.xor (local.get $x) (i32.shl (local.get $y) (i32.const 4)))'],
        'if_br': ['(i32.add (local.tee $x (if $i (result i32) (i32.eq (local.get $s) (i32.const 2))',
                  '  (then (if (local.get $y) (then (br $i (i32.const 4)))) (local.get $y))',
                  '  (else (br $i (i32.or (local.get $x) (local.get $s))))))',
                  ' (local.get $x))'],
        'if_else_lazy': ['(local.set $x (if (result i32) (local.get $s)',
                         '  (then (local.get $y)) (else (local.get $x))))', '(local.get $x)'],
    }
    wide = {
        'i64': ['(local.set $w (block $b (result i64)',
                '  (if (local.get $s) (then (br $b (i64.mul (local.get $w) (i64.const 3)))))',
                '  (i64.add (local.get $w) (i64.extend_i32_s (local.get $y)))))',
                '(i64.add (local.get $w) (i64.const 1))'],
        'f64': ['(local.set $f (block $b (result f64)',
                '  (if (local.get $s) (then (br $b (f64.mul (local.get $f) (f64.const 0.5)))))',
                '  (f64.add (local.get $f) (f64.const 2.25))))',
                '(i64.reinterpret_f64 (local.get $f))'],
    }
    for n, (x, y) in enumerate([(5, 9), (-1, I32_MIN), (I32_MAX, 1)]):
        for sel in (0, 1, 2, 3):
            local_vars = [('x', 'i32', x), ('y', 'i32', y), ('s', 'i32', sel), ('w', 'i64', x * 0x100000001),
                          ('f', 'f64', float(x) * 1.5)]
            for shape, body in bodies.items():
                m.add('block-result', 'block_result_%s_%d_%d' % (shape, n, sel), ['i32'], local_vars, body)
            for shape, body in wide.items():
                m.add('block-result', 'block_result_%s_%d_%d' % (shape, n, sel), ['i64'], local_vars, body)

def gen_copy_add_br(m, lists):
    """Branches joined with what precedes them: a block's value carried by br after a local
    copy (COPY_BR); a loop back edge right after an i32.add, and br carrying an add (I32_ADD_BR)."""
    sets = [(0, 0), (3, 5), (5, 3), (I32_MIN, -1), (I32_MAX, 2), (-7, 9)]
    copy_body = ['(block $b (result i32)',
                 '  (if (i32.lt_s (local.get $x) (local.get $y))',
                 '    (then (local.set $t (i32.mul (local.get $x) (local.get $y))) (br $b (local.get $t))))',
                 '  (local.set $t (i32.sub (local.get $x) (local.get $y)))',
                 '  (br $b (local.get $t)))']
    add_body = ['(block $b (result i32)',
                '  (if (i32.gt_u (local.get $x) (local.get $y))',
                '    (then (br $b (i32.add (local.get $x) (local.get $y)))))',
                '  (i32.xor (local.get $x) (local.get $y)))']
    for n, (x, y) in enumerate(sets):
        local_vars = [('x', 'i32', x), ('y', 'i32', y), ('t', 'i32', None)]
        m.add('copy-add-br', 'copy_br_%d' % n, ['i32'], local_vars, copy_body, ['COPY_BR'])
        m.add('copy-add-br', 'add_br_value_%d' % n, ['i32'], local_vars, add_body, ['I32_ADD_BR'])
    loop_body = ['(block $exit (loop $l',
                 '  (br_if $exit (i32.ge_s (local.get $i) (local.get $n)))',
                 '  (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 5)) (local.get $i)))',
                 '  (local.set $i (i32.add (local.get $i) (local.get $k)))',
                 '  (br $l)))',
                 get('i'), get('acc')]
    for n, (start, step, limit) in enumerate([(0, 1, 10), (-5, 3, 5), (I32_MIN, 0x20000000, 0),
                                               (I32_MAX - 30, 7, I32_MAX - 3), (10, 1, 0)]):
        assert loop_iterations(start - step, step, limit, 'LT_S', True)  # it ends
        m.add('copy-add-br', 'add_br_loop_%d' % n, ['i32', 'i32'],
              [('i', 'i32', start), ('n', 'i32', limit), ('k', 'i32', step), ('acc', 'i32', None)],
              loop_body, ['I32_ADD_BR'])


def gen_copy_cond_br(m, lists):
    """A local copy right before a conditional branch (COPY_BR_IF, COPY_BR_UNLESS): br_if, an if
    (branching when its condition is false), and a condition that is the copy's destination."""
    bodies = {
        'br_if': (['(block $b', '  (local.set $t (local.get $x))', '  (br_if $b (local.get $c))',
                   '  (local.set $r (i32.const 9)))'], 'COPY_BR_IF'),
        'if': (['(local.set $t (local.get $x))', '(if (local.get $c) (then (local.set $r (i32.const 9))))'],
               'COPY_BR_UNLESS'),
        'br_if_on_copy': (['(block $b', '  (local.set $c (local.get $x))', '  (br_if $b (local.get $c))',
                           '  (local.set $r (i32.const 9)))'], 'COPY_BR_IF')}
    sets = [(0, 0), (5, 0), (0, 1), (-1, -1), (I32_MIN, I32_MIN), (0x12345678, 2)]
    for shape, (body, fused) in bodies.items():
        for n, (x, c) in enumerate(sets):
            m.add('copy-cond-br', 'copy_%s_%d' % (shape, n), ['i32', 'i32', 'i32'],
                  [('x', 'i32', x), ('c', 'i32', c), ('t', 'i32', 3), ('r', 'i32', 7)],
                  body + [get('t'), get('r'), get('c')], [fused])


def gen_plain(m, lists):
    """Plain (unfused) instructions that have accumulator variants, for gen_acc_copies to turn
    into their _A/_V forms: every numeric instruction (traps of division and conversion
    included; float operands that make no NaN with any operation: none negative but -0.0), every
    load and store (out of bounds too), select, global.set, br_table."""
    values = {'i32': [(7, 3), (-7, 2), (I32_MIN, -1), (0x12345678, 33), (-1, 0), (0, 31)],
              'i64': [(7, 3), (-7, 2), (I64_MIN, -1), (0x0123456789ABCDEF, 65), (-1, 0), (0, 63)],
              'f32': [(1.5, -2.25), (0.1, 3.0), (3e38, 10.0), (-0.0, 1.0), (1e-45, 0.5), (2.5, 2.5)],
              'f64': [(1.5, -2.25), (0.1, 3.0), (1e308, 10.0), (-0.0, 1.0), (5e-324, 0.5), (2.5, 2.5)]}
    for name, _, p1, p2, r in lists.numeric_ops:
        for n, (a, b) in enumerate(values[p1]):
            if p1 == 'f32':
                a, b = f32_round(a), f32_round(b)
            operands = get('a') + ('' if p2 == 'none' else ' ' + get('b'))
            local_vars = [('a', p1, a)] + ([] if p2 == 'none' else [('b', p2, b)])
            m.add('plain', 'plain_%s_%d' % (name.lower(), n), [bits_type(r)], local_vars,
                  [as_bits(r, '(%s %s)' % (wat_op(name), operands))])
    for name, _, vt, size, is_store, _ in lists.memory_ops:
        size = int(size)
        for n in range(4):
            if is_store == '1':
                target = m.scratch() + n
            else:
                target = f64_target(m) if vt.startswith('f') else int_target(m, n)
            p, k = split_address(target, n)
            if n == 3:
                p, k = PAGE - size + 1, 0  # one byte past the end: a trap
            if is_store == '1':
                v = m.rng.finite_f64() if vt.startswith('f') else m.rng.next64()
                if vt == 'f32':
                    v = f32_round(max(min(v, 3e38), -3e38))
                m.add('plain', 'plain_%s_%d' % (name.lower(), n), ['i64'], [('p', 'i32', p), ('v', vt, v)],
                      [mem(name, k, get('p'), get('v')), stored_bits(k, get('p'))])
            else:
                m.add('plain', 'plain_%s_%d' % (name.lower(), n), [bits_type(vt)],
                      [('p', 'i32', p)], [as_bits(vt, mem(name, k, get('p')))])
    for t, big in (('i32', I32_MIN), ('i64', I64_MIN)):
        for n, c in enumerate([0, 1, -1, big]):
            m.add('plain', 'plain_select_%s_%d' % (t, n), [t], [('a', t, 5), ('b', t, -6), ('c', 'i32', c)],
                  ['(select %s %s %s)' % (get('a'), get('b'), get('c'))])
    for n, v in enumerate([0, -1, I64_MIN, 0x123456789]):
        m.add('plain', 'plain_global_set_%d' % n, ['i64'], [('a', 'i64', v)],
              ['(global.set $g %s)' % get('a'), '(global.get $g)'])
    for n, x in enumerate([0, 1, 2, 3, 100, -1]):
        m.add('plain', 'plain_br_table_%d' % n, ['i32'], [('x', 'i32', x)], br_table_body(get('x')))


def gen_acc_loops(m, lists):
    """Loop closings whose counter comes from the instruction before them (an xor with zero):
    the add (or sub) and compare and branch, and the add and jump, take it from the
    accumulator."""
    produce = '(local.set $j (%s.xor (local.get $i) (local.get $zero)))'
    for t, candidates, iterations in (('i32', LOOP_CANDIDATES, loop_iterations),
                                      ('i64', LOOP64_CANDIDATES, loop_iterations64)):
        for arith in ('add', 'sub') if t == 'i32' else ('add',):
            for cmp in CMPS:
                runs = [(iterations(*c, cmp, True), c) for c in candidates]
                chosen = [c for n, c in runs if n and n > 1] + [c for n, c in runs if n == 1]
                for n, (start, step, limit) in enumerate(chosen[:2]):
                    k = step if arith == 'add' else -step
                    close = '(br_if $l (%s.%s (local.tee $i (%s.%s (local.get $j) %s)) %s))' % (
                        t, cmp.lower(), t, arith, get('k'), const(t, limit))
                    m.add('acc-loop', 'accloop_%s_%s_%s_%d' % (t, arith, cmp.lower(), n), [t],
                          [('i', t, start), ('k', t, k), ('zero', t, 0), ('j', t, None)],
                          ['(loop $l', '  ' + produce % t, '  ' + close, ')', get('i')],
                          ['I%s_%s_%s_BR_A' % (t[1:], arith.upper(), cmp)], ())
    body = ['(block $exit (loop $l',
            '  (br_if $exit (i32.ge_s (local.get $i) (local.get $n)))',
            '  ' + produce % 'i32',
            '  (local.set $i (i32.add (local.get $j) (local.get $k)))',
            '  (br $l)))', get('i')]
    for n, (start, step, limit) in enumerate([(0, 1, 10), (-5, 3, 5), (I32_MIN, 0x20000000, 0)]):
        m.add('acc-loop', 'accloop_add_br_%d' % n, ['i32'],
              [('i', 'i32', start), ('n', 'i32', limit), ('k', 'i32', step), ('zero', 'i32', 0), ('j', 'i32', None)],
              body, ['I32_ADD_BR_A'], ())


def limb(n):
    return LIMB_BASE + 4 * n


def gen_bignum(m, lists):
    """Bignum steps: (i64.mul load32_u load32_u), x + load32_u * w in every operand order, with x
    itself a load32_u (r[i] + a[i]*w), and i32.wrap_i64 (i64.shr_u x k) (the high half)."""
    load = lambda p, k: '(i64.load32_u offset=%d %s)' % (k, get(p))
    # (limb of a, limb of b, w, x): the limbs start with 0, 1, 2, 2^31-1, 2^31, 2^32-2, 2^32-1.
    sets = [(6, 6, M32, M64), (5, 6, M32, M32), (0, 6, -1, 0), (4, 3, 1 << 32, 1), (6, 1, 0, -1),
            (9, 10, 0xFFFFFFFF00000001, 0x8000000000000000), (11, 12, 2, 0xFFFFFFFF)]
    mul = lambda a, b: '(i64.mul %s %s)' % (a, b)
    add = lambda a, b: '(i64.add %s %s)' % (a, b)
    orders = {  # name: (expression, fused instruction)
        'mul2': (mul(load('p', 0), load('q', 4)), 'I64_MUL_LOAD32_U2'),
        'mac_x_lw': (add(get('x'), mul(load('q', 4), get('w'))), 'I64_MAC_LOAD32_U'),
        'mac_x_wl': (add(get('x'), mul(get('w'), load('q', 4))), 'I64_MAC_LOAD32_U'),
        'mac_lw_x': (add(mul(load('q', 4), get('w')), get('x')), 'I64_MAC_LOAD32_U'),
        'mac_wl_x': (add(mul(get('w'), load('q', 4)), get('x')), 'I64_MAC_LOAD32_U'),
        'mac2_r_lw': (add(load('p', 0), mul(load('q', 4), get('w'))), 'I64_MAC_LOAD32_U2'),
        'mac2_r_wl': (add(load('p', 0), mul(get('w'), load('q', 4))), 'I64_MAC_LOAD32_U2'),
        # r[i] loaded after the product: the add is a load feeding an operation.
        'mac2_lw_r': (add(mul(load('q', 4), get('w')), load('p', 0)), 'LD_I64_LOAD32_U_ADD_R'),
        # Two limbs added (bn_add_words): the same instruction with a pooled 1 for w (so only
        # where the pool has room: a function with constants, as here the xor's).
        'add2': ('(i64.xor %s (i64.const 0x55))' % add(load('p', 0), load('q', 4)), 'I64_MAC_LOAD32_U2'),
    }
    for shape, (expr, fused) in orders.items():
        for n, (a, b, w, x) in enumerate(sets):
            m.add('bignum', 'bignum_%s_%d' % (shape, n), ['i64'],
                  [('p', 'i32', limb(a)), ('q', 'i32', limb(b) - 4), ('w', 'i64', w), ('x', 'i64', x)],
                  [expr], [fused], ())
    shifts = [0, 1, 31, 32, 33, 63, 64, 65, 127, -1, 0x100000021]
    xs = [0xFEDCBA9876543210, -1, I64_MIN, 1, 0x00000001FFFFFFFF]
    high = '(i32.wrap_i64 (i64.shr_u (local.get $x) (local.get $k)))'
    addends = [0, 1, -1, I32_MAX, I32_MIN, 0x12345678]
    for n, k in enumerate(shifts):
        m.add('bignum', 'wrap_shr_u64_%d' % n, ['i32'], [('x', 'i64', xs[n % len(xs)]), ('k', 'i64', k)],
              [high], ['I32_WRAP_SHR_U64'])
        # ... added to a value, on either side (a product's high half into a 32-bit carry word)
        for side, expr in (('left', '(i32.add %s %s)' % (get('a'), high)), ('right', '(i32.add %s %s)' % (high, get('a')))):
            m.add('bignum', 'add_wrap_shr_u64_%s_%d' % (side, n), ['i32'],
                  [('a', 'i32', addends[n % len(addends)]), ('x', 'i64', xs[n % len(xs)]), ('k', 'i64', k)],
                  [expr], ['I32_ADD_WRAP_SHR_U64'])
    # A carry bit (an unsigned comparison) added to a value, on either side.
    carry_sets = [(0, 0, 0), (5, 1, 2), (5, 2, 1), (-1, -1, 0), (-1, 0, -1), (I32_MAX, I32_MIN, I32_MAX),
                  (7, 0x80000000, 0x7FFFFFFF), (0, 3, 3)]
    for cmp in ('LT_U', 'GT_U'):
        bit = binop('I32', cmp, get('x'), get('y'))
        for side, expr in (('left', '(i32.add %s %s)' % (get('a'), bit)), ('right', '(i32.add %s %s)' % (bit, get('a')))):
            for n, (a, x, y) in enumerate(carry_sets):
                m.add('bignum', 'add_carry_%s_%s_%d' % (cmp.lower(), side, n), ['i32'],
                      [('a', 'i32', a), ('x', 'i32', x), ('y', 'i32', y)], [expr], ['I32_ADD_CARRY_' + cmp])
    gen_limb_steps(m, load, sets)


def gen_limb_steps(m, load, sets):
    """The limb step of bn_mul_add_words stored as a 32-bit limb, its value also kept in the carry
    local c (local.tee, or local.set then local.get) or not: r[i] + a[i] * w + (c >> k) (MAC2 with
    the shifted carry), a[i] + b[i] + (c >> k) (bn_add_words: w a pooled 1) and (c + r[i]) +
    a[i] * w (the carry already shifted). Returns the carry and the stored bytes."""
    mac2 = '(i64.add %s (i64.mul %s %s))' % (load('p', 0), load('q', 4), get('w'))
    carry = '(i64.add %s (i64.shr_u %s %s))' % (mac2, get('c'), get('k'))
    added = {'left': '(i64.add (i64.add %s %s) (i64.mul %s %s))' % (load('p', 0), get('c'), load('q', 4), get('w')),
             'right': '(i64.add (i64.add %s %s) (i64.mul %s %s))' % (get('c'), load('p', 0), load('q', 4), get('w'))}
    add_words = '(i64.add (i64.add %s %s) (i64.shr_u %s %s))' % (load('p', 0), load('q', 4), get('c'), get('k'))
    steps = [('carry', carry, 'I64_MAC2_CARRY_STORE32'), ('add_words', add_words, 'I64_MAC2_CARRY_STORE32')] + \
            [('add_' + side, expr, 'I64_MAC2_ADD_STORE32') for side, expr in added.items()]
    ks = [32, 0, 63, 64, 96, 31]
    for shape, value, fused in steps:
        for form in ('tee', 'set', 'temp'):
            for n, (a, b, w, c) in enumerate(sets):
                k2 = 4 * (n % 3)
                out = m.scratch()
                kept = '(local.tee $c %s)' % value if form == 'tee' else get('c') if form == 'set' else value
                body = (['(local.set $c %s)' % value] if form == 'set' else []) + \
                       [mem('I64_STORE32', k2, get('o'), kept),
                        '(i64.xor (i64.mul %s (i64.const 3)) %s)' % (get('c'), stored_bits(k2, get('o')))]
                m.add('bignum', 'limb_%s_%s_%d' % (shape, form, n), ['i64'],
                      [('p', 'i32', limb(a)), ('q', 'i32', limb(b) - 4), ('w', 'i64', w), ('c', 'i64', c),
                       ('k', 'i64', ks[n % len(ks)]), ('o', 'i32', out - k2)], body, [fused], ())
    # Carry steps in a row, as bn_mul_add_words unrolls them, 4 bytes apart in the three arrays,
    # each one's carry the value of the step before (local c): one I64_MAC2_CARRY_CHAIN (or
    # I64_MAC2_ADD_CHAIN when the first step adds c unshifted) of 2-4 steps. 8 bytes apart they
    # stay single steps, the second taking its carry from acc (_A).
    def step(first, o, gap):
        p_load, q_load = load('p', o * gap), load('q', 4 + o * gap)
        if first == 'add':
            return '(i64.add (i64.add %s %s) (i64.mul %s %s))' % (p_load, get('c'), q_load, get('w'))
        return '(i64.add (i64.add %s (i64.mul %s %s)) (i64.shr_u %s %s))' % (p_load, q_load, get('w'), get('c'), get('k'))
    chains = [('carry', 2, 4), ('carry', 3, 4), ('carry', 4, 4), ('add', 2, 4), ('add', 4, 4), ('carry', 2, 8)]
    for first, count, gap in chains:
        for n, (a, b, w, c) in enumerate(sets):
            out = m.scratch(size=4 * gap)
            body = [mem('I64_STORE32', o * gap, get('o'), '(local.tee $c %s)' % step(first if o == 0 else 'carry', o, gap))
                    for o in range(count)]
            body.append('(i64.xor (i64.mul %s (i64.const 3)) (i64.xor %s %s))' % (
                get('c'), stored_bits(0, get('o')), stored_bits(8, get('o'))))
            if gap == 4:
                expect = ['I64_MAC2_%s_CHAIN' % first.upper(), '!I64_MAC2_CARRY_STORE32']
            else:
                expect = ['I64_MAC2_CARRY_STORE32', 'I64_MAC2_CARRY_STORE32_A', '!I64_MAC2_CARRY_CHAIN']
            m.add('bignum', 'limb_chain_%s%d_gap%d_%d' % (first, count, gap, n), ['i64'],
                  [('p', 'i32', limb(a)), ('q', 'i32', limb(b) - 4), ('w', 'i64', w), ('c', 'i64', c),
                   ('k', 'i64', ks[n % len(ks)]), ('o', 'i32', out)], body, expect, ())


def gen_add_pairs(m, lists):
    """Two i32.adds in a row into locals (a loop stepping two pointers): one I32_ADD2, in order
    even where the second reads what the first wrote, or both write the same local."""
    bodies = {'independent': ['(local.set $a (i32.add (local.get $a) (local.get $k)))',
                              '(local.set $b (i32.add (local.get $b) (local.get $m)))'],
              'chained': ['(local.set $a (i32.add (local.get $a) (local.get $k)))',
                          '(local.set $b (i32.add (local.get $a) (local.get $b)))'],
              'same_local': ['(local.set $a (i32.add (local.get $a) (local.get $k)))',
                             '(local.set $a (i32.add (local.get $a) (local.get $a)))'],
              'tee': ['(drop (local.tee $a (i32.add (local.get $k) (local.get $a))))',
                      '(local.set $b (i32.add (local.get $m) (local.get $b)))']}
    sets = [(0, 0, 0, 0), (1, 2, 3, 4), (I32_MAX, I32_MIN, 1, -1), (-1, -1, -1, -1), (0x12345678, 7, 0x7FFFFFFF, 0x10)]
    for shape, body in bodies.items():
        for n, (a, b, k, mm) in enumerate(sets):
            m.add('add-pairs', 'add2_%s_%d' % (shape, n), ['i32', 'i32'],
                  [('a', 'i32', a), ('b', 'i32', b), ('k', 'i32', k), ('m', 'i32', mm)],
                  body + ['(i32.xor %s (i32.mul %s (i32.const 3)))' % (get('a'), get('b')), get('b')], ['I32_ADD2'])


def gen_branch_joins(m, lists):
    """Loops whose closing branch is joined with the instruction before it (FIRST_BRANCH, code.h):
    two pointers stepped (one I32_ADD2), or one (I32_ADD), then a branch on a pointer (ne, eq,
    lt_s, lt_u, wrapping both ways) or on a counter counted down (sub_nz, sub_ge_u: bignum loops
    taking four limbs a pass, sub_gt_u) or up (add_ne). Returns the pointers, the counter and a
    value accumulated per pass. The axpy loop (RMW2_F64_LOAD_MUL_ADD_R_AX closed by its counter)
    is gen_axpy_loop's."""
    acc = '(local.set $acc (i32.xor (i32.mul (local.get $acc) (i32.const 31)) (i32.add (local.get $p) (local.get $q))))'
    step_p = '(local.set $p (i32.add (local.get $p) (local.get $k)))'
    step_q = '(local.set $q (i32.add (local.get $q) (local.get $m)))'
    on_p = lambda cmp: '(br_if $l (i32.%s (local.get $p) (local.get $n)))' % cmp
    count_down = lambda k, cmp, limit: '(br_if $l (i32.%s (local.tee $i (i32.sub (local.get $i) (i32.const %d))) (i32.const %d)))' % (
        cmp, k, limit)
    closes = {  # BRANCH: (closing branch, [(p, k, n, i)])
        'I32_NE_BR': (on_p('ne'), [(0, 1, 10, 0), (I32_MAX - 3, 1, I32_MIN + 2, 0), (0xFFFFFFF0, 4, 0x10, 0), (5, -1, 0, 0)]),
        'I32_EQ_BR': (on_p('eq'), [(0, 5, 5, 0), (7, 0, 8, 0), (3, 1, 4, 0), (I32_MAX, 1, I32_MIN, 0)]),
        'I32_LT_S_BR': (on_p('lt_s'), [(0, 1, 10, 0), (-5, 2, 6, 0), (I32_MIN, 0x10000000, 0, 0), (9, 1, 3, 0)]),
        'I32_LT_U_BR': (on_p('lt_u'), [(0, 1, 10, 0), (0x7FFFFFF0, 4, 0x80000010, 0), (0xFFFFFFF0, 1, 0xFFFFFFFF, 0),
                                       (3, 1, 0, 0)]),
        'I32_SUB_NZ_BR': ('(br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1))))',
                          [(0, 3, 0, 1), (7, -1, 0, 5), (I32_MAX, 1, 0, 100)]),
        'I32_SUB_GE_U_BR': (count_down(4, 'ge_u', 4), [(0, 16, 0, 4), (0x100, 16, 0, 7), (-8, 16, 0, 17), (I32_MIN, -4, 0, 64)]),
        'I32_SUB_GT_U_BR': (count_down(2, 'gt_u', 1), [(0, 16, 0, 2), (0x100, 16, 0, 3), (-8, 1, 0, 40), (I32_MIN, -4, 0, 9)]),
        'I32_ADD_NE_BR': ('(br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))',
                          [(0, 4, 10, 0), (1, I32_MIN, I32_MIN + 1, I32_MAX - 2), (-3, 7, 3, -3)]),
    }
    for first, steps in (('I32_ADD2', [acc, step_p, step_q]), ('I32_ADD', [step_q, acc, step_p])):
        for branch, (close, sets) in closes.items():
            name = '%s_%s' % (first, branch)
            if name not in lists.branch_joins:
                continue
            for n, (p, k, limit, i) in enumerate(sets):
                m.add('branch-join', 'join_%s_%d' % (name.lower(), n), ['i32', 'i32'],
                      [('p', 'i32', p), ('q', 'i32', 0x1000 + n), ('k', 'i32', k), ('m', 'i32', 12 - n),
                       ('n', 'i32', limit), ('i', 'i32', i), ('acc', 'i32', 0)],
                      ['(loop $l'] + ['  ' + line for line in steps + [close]] +
                      [')', '(i32.xor (i32.xor %s (i32.mul %s (i32.const 3))) (i32.mul %s (i32.const 7)))'
                       % (get('p'), get('q'), get('i')), get('acc')],
                      [name])


def gen_axpy_loop(m, lists):
    """clang's axpy loop: q = j + qb, p = j + pb (an I32_ADD2), two steps y[q] += x * z[p] k bytes
    apart, then j += 2k and the loop closes while j != n: one instruction a pass
    (RMW2_F64_LOAD_MUL_ADD_R_AX_I32_ADD_NE_BR). Returns the stored doubles' bits and j."""
    for n, (passes, x, wrap) in enumerate([(1, 1.5, 0), (3, -0.1, 0), (4, 3e100, 1 << 31)]):
        z = F64_BASE + 8 * (n * 41 % 150)
        y = m.scratch(size=16 * passes + 8)
        for a in range(y, y + 16 * passes, 8):
            m.put_f64(a, m.rng.finite_f64())
        j = (y - wrap) & M32
        body = ['(loop $l',
                '  (local.set $q (i32.add %s %s))' % (get('j'), get('qb')),
                '  (local.set $p (i32.add %s %s))' % (get('j'), get('pb'))] + \
               ['  ' + line for line in axpy_pair_body(0, 0)[:-1]] + \
               ['  (br_if $l (i32.ne (local.tee $j (i32.add %s (i32.const 16))) %s))' % (get('j'), get('n')),
                ')']
        folded = '(i64.extend_i32_u %s)' % get('j')
        for a in range(y, y + 16 * passes, 8):
            folded = '(i64.xor (i64.rotl %s (i64.const 5)) (i64.load (i32.const %d)))' % (folded, a)
        m.add('axpy-loop', 'axpy_loop_%d' % n, ['i64'],
              [('j', 'i32', j), ('n', 'i32', (j + 16 * passes) & M32), ('qb', 'i32', wrap), ('pb', 'i32', (z - j) & M32),
               ('k', 'i32', 8), ('x', 'f64', x), ('q', 'i32', 0), ('p', 'i32', 0)],
              body + [folded], ['RMW2_F64_LOAD_MUL_ADD_R_AX_I32_ADD_NE_BR'], ())


def gen_copy_copy(m, lists):
    """Two copies in a row, executed in order: x = y, then y = x (both end as y), and a swap."""
    bodies = {'chain': ['(local.set $x (local.get $y))', '(local.set $y (local.get $x))'],
              'swap': ['(local.set $t (local.get $x))', '(local.set $x (local.get $y))',
                       '(local.set $y (local.get $t))']}
    for shape, body in bodies.items():
        for n, (x, y) in enumerate([(1, 2), (I32_MIN, -1), (0, I32_MAX)]):
            m.add('copy-copy', 'copy_copy_%s_%d' % (shape, n), ['i32', 'i32'],
                  [('x', 'i32', x), ('y', 'i32', y), ('t', 'i32', None)], body + [get('x'), get('y')],
                  ['COPY_COPY'])


def load_branch_ops(lists):
    """{load: [kinds]} of code.h's I32_LOAD_NZ_BR-style instructions (kinds NZ, Z, EQ, NE)."""
    ops = {}
    for name in lists.fused_control:
        hit = re.match(r'^(I32_LOAD\w*?)_(NZ|Z|EQ|NE)_BR$', name)
        if hit:
            ops.setdefault(hit.group(1), []).append(hit.group(2))
    return ops


def gen_load_branch(m, lists):
    """A load deciding a branch: tested against zero, or compared (eq, ne, on either side) with a
    value, as a br_if condition and as an if condition (which branches on the opposite)."""
    opposite = {'NZ': 'Z', 'Z': 'NZ', 'EQ': 'NE', 'NE': 'EQ'}
    targets = sorted(SPECIAL_WORDS) + [0x0FF7, int_target(m, 1)]
    sizes = {e[0]: int(e[3]) for e in lists.memory_ops}
    for load, kinds in sorted(load_branch_ops(lists).items()):
        size = sizes[load]
        shapes = {  # name: (condition with $L for the load and $B for the value, fused kind with br_if)
            'nz': ('$L', 'NZ'), 'z': ('(i32.eqz $L)', 'Z'),
            'eq': ('(i32.eq $L $B)', 'EQ'), 'eq_right': ('(i32.eq $B $L)', 'EQ'),
            'ne': ('(i32.ne $L $B)', 'NE'), 'ne_right': ('(i32.ne $B $L)', 'NE')}
        for shape, (template, kind) in shapes.items():
            for form in ('brif', 'if'):
                fused = kind if form == 'brif' else opposite[kind]
                if fused not in kinds:
                    continue
                for n, target in enumerate(targets):
                    value = m.uint_at(target, size)
                    # Equal, or equal in the low byte only (a byte compared with all of b).
                    b = value if n % 2 == 0 else value + 0x100
                    p, k = split_address(target, n)
                    cond = template.replace('$L', mem(load, k, get('p'))).replace('$B', get('b'))
                    if form == 'brif':
                        body = ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r')]
                    else:
                        body = ['(if (result i32) %s (then (i32.const 1)) (else (i32.const 0)))' % cond]
                    m.add('load-branch', 'ldbr_%s_%s_%s_%d' % (wat_op(load).replace('.', '_'), shape, form, n),
                          ['i32'], [('p', 'i32', p), ('b', 'i32', b), ('r', 'i32', 1)], body,
                          ['%s_%s_BR' % (load, fused)], ())


def move_pairs(lists):
    """(load, store, bytes): a load whose value a store of the same type and width writes back."""
    loads = [e for e in lists.memory_ops if e[4] == '0']
    stores = [e for e in lists.memory_ops if e[4] == '1']
    return [(l[0], s[0], int(l[3])) for l in loads for s in stores if l[2] == s[2] and l[3] == s[3]]


def gen_move(m, lists):
    """A load stored unchanged elsewhere (a memory move): (store offset=K2 q (load offset=K1 p)),
    also between overlapping and identical locations; returns the bytes at the destination."""
    widths = {int(x[4:]) for x in lists.fused_control if re.match(r'^MOVE\d+$', x)}
    for load, store, size in move_pairs(lists):
        if size not in widths:
            continue
        for n in range(4):
            dst = m.scratch() + 2 + n % 3
            # From the integer region, from it with offsets, from one byte before (overlapping),
            # and from the destination itself.
            src = [int_target(m, 1), int_target(m, 2), dst - 1, dst][n]
            p, k1 = split_address(src, n + 1)
            q, k2 = split_address(dst, n)
            body = [mem(store, k2, get('q'), mem(load, k1, get('p'))), stored_bits(k2, get('q'))]
            m.add('move', 'move_%s_%s_%d' % (wat_op(load).replace('.', '_'), wat_op(store).split('.')[1], n),
                  ['i64'], [('p', 'i32', p), ('q', 'i32', q)], body, ['MOVE%d' % size], ())


# ---- traps: fused memory accesses at the end of memory (one page) ----
# One byte too far traps in both engines, the last bytes do not; p + K is computed in 64 bits, so
# offsets carry the effective address past 2^32 instead of wrapping. Each group returns cases
# (name, result type, locals, body, guard-page expect, bounds-check expect).
END = PAGE
FAR = (0xFFFFFFFF, 0xFFFFFFFF)  # p + K = 2^33 - 2: past everything


def trap_load_ops(m, lists):
    def case(tag, load, t, op, p, k):
        body = [binop(t, op, mem(load, k, get('p')), get('y'))]
        return (tag, WT[t], [('p', 'i32', p), ('y', WT[t], 3 if t != 'F64' else 2.0)], body,
                ['LD_%s_%s_L' % (load, op)], ())

    return [case('ld_i32_straddle', 'I32_LOAD', 'I32', 'ADD', END - 3, 0),
            case('ld_i32_last', 'I32_LOAD', 'I32', 'XOR', END - 4, 0),  # in bounds
            case('ld_i32_end_in_offset', 'I32_LOAD', 'I32', 'ADD', 0, END),
            case('ld_i64_straddle', 'I64_LOAD', 'I64', 'SUB', END - 8, 1),
            case('ld_i64_far', 'I64_LOAD', 'I64', 'ADD', *FAR),
            case('ld_f64_straddle', 'F64_LOAD', 'F64', 'MUL', END - 7, 0),
            case('ld_load32_u_straddle', 'I64_LOAD32_U', 'I64', 'MUL', END - 2, 0),
            case('ld_load32_u_offset_overflow', 'I64_LOAD32_U', 'I64', 'ADD', 0xFFFFFFF0, 0x20)]


def trap_op_stores(m, lists):
    def case(tag, t, op, store, p, k, check):
        body = [mem(store, k, get('p'), binop(t, op, get('x'), get('x'))), mem(check, k, get('p'))]
        x = 0x07654321 if t != 'F64' else 1.5  # nonzero high bytes, for loads of the last bytes
        return (tag, WT[check.split('_')[0]], [('p', 'i32', p), ('x', WT[t], x)], body,
                ['ST_%s_%s_%s' % (t, op, store)], ())

    return [case('st_i32_straddle', 'I32', 'ADD', 'I32_STORE', END - 2, 0, 'I32_LOAD'),
            case('st_i32_last', 'I32', 'SHL', 'I32_STORE', END - 4, 0, 'I32_LOAD'),  # in bounds
            case('st_i64_straddle', 'I64', 'XOR', 'I64_STORE', END - 16, 9, 'I64_LOAD'),
            case('st_store32_straddle', 'I64', 'ADD', 'I64_STORE32', END - 3, 0, 'I64_LOAD32_U'),
            case('st_store32_far', 'I64', 'ADD', 'I64_STORE32', *FAR, 'I64_LOAD32_U'),
            case('st_f64_end', 'F64', 'ADD', 'F64_STORE', END, 0, 'F64_LOAD')]


def trap_rmws(m, lists):
    def case(tag, load, t, op, store, shape, p, k):
        def same_width(k, addr):  # near the end, the 8 bytes at the address may be out of bounds
            return '(i64.extend_i32_u (i32.load offset=%d %s))' % (k, addr) if t == 'I32' else stored_bits(k, addr)
        return (tag, 'i64', [('p', 'i32', p), ('x', WT[t], 9 if t != 'F64' else 1.0)],
                rmw_body(load, t, op, store, shape, k, k, 'p', same_width),
                ['RMW_%s_%s_%s' % (load, op, shape)], ())

    return [case('rmw_i32_straddle', 'I32_LOAD', 'I32', 'ADD', 'I32_STORE', 'L', END - 3, 0),
            case('rmw_i32_last', 'I32_LOAD', 'I32', 'XOR', 'I32_STORE', 'R', END - 8, 4),  # in bounds
            case('rmw_i64_straddle', 'I64_LOAD', 'I64', 'SUB', 'I64_STORE', 'R', END - 6, 0),
            case('rmw_i64_offset_overflow', 'I64_LOAD', 'I64', 'ADD', 'I64_STORE', 'L', 0xFFFFFFF8, 0x10),
            case('rmw_f64_straddle', 'F64_LOAD', 'F64', 'MUL', 'F64_STORE', 'L', END - 1, 0)]


def trap_mul_rmws(m, lists):
    def case(tag, fused, z, q):
        product = {'RMW_F64_MUL_ADD_R': '(f64.mul (local.get $a) (local.get $a))',
                   'RMW_F64_LOAD_MUL_ADD_R': '(f64.mul (local.get $a) (f64.load (local.get $z)))',
                   'RMW_F64_LOAD_MUL_ADD_L': '(f64.mul (f64.load (local.get $z)) (local.get $a))'}[fused]
        return (tag, 'i64', [('q', 'i32', q), ('z', 'i32', z), ('a', 'f64', 1.5)],
                [mem('F64_STORE', 0, get('q'), '(f64.add %s %s)' % (product, mem('F64_LOAD', 0, get('q')))),
                 '(i64.const 0)'], [fused], ())

    return [case('mul_rmw_straddle', 'RMW_F64_MUL_ADD_R', F64_BASE, END - 4),
            case('mul_rmw_last', 'RMW_F64_MUL_ADD_R', F64_BASE, END - 8),  # in bounds
            case('axpy_load_straddle', 'RMW_F64_LOAD_MUL_ADD_R', END - 7, SCRATCH_END),
            case('axpy_rmw_far', 'RMW_F64_LOAD_MUL_ADD_R', F64_BASE, 0xFFFFFFF8),
            case('axpy_l_load_far', 'RMW_F64_LOAD_MUL_ADD_L', 0xFFFFFFFF, SCRATCH_END)]


def trap_axpy_pairs(m, lists):
    """The second step of an axpy pair out of bounds, after the first one stored."""
    def case(tag, p, q, k):
        return (tag, 'i64', [('q', 'i32', q), ('p', 'i32', p), ('k', 'i32', k), ('x', 'f64', 1.5)],
                axpy_pair_body(0, 0), ['RMW2_F64_LOAD_MUL_ADD_R'], ())

    y = m.scratch(size=32)
    for addr in [y + 8 * i for i in range(4)] + [END - 16, END - 8]:
        m.put_f64(addr, m.rng.finite_f64())
    return [case('axpy_pair_second_load_end', END - 8, y, 8),
            case('axpy_pair_second_load_wrapped_far', F64_BASE, y + 8, -F64_BASE - 8),  # z at 0xFFFFFFF8
            case('axpy_pair_second_store_straddle', F64_BASE, END - 12, 8),
            case('axpy_pair_last', F64_BASE, END - 16, 8)]  # in bounds

def trap_load_loads(m, lists):
    def case(tag, load, ptr, k1, k2, p=None):
        slot = m.pointer(ptr)
        vt = wat_op(load).split('.')[0]
        return (tag, {'f64': 'i64'}.get(vt, vt), [('p', 'i32', slot - k1 if p is None else p)],
                [as_bits(vt, mem(load, k2, mem('I32_LOAD', k1, get('p'))))], ['LL_' + load], ())

    return [case('ll_pointer_straddle', 'I32_LOAD', 0, 0, 0, p=END - 2),  # the pointer's own load
            case('ll_i32_straddle', 'I32_LOAD', END - 3, 0, 0),
            case('ll_u8_end', 'I32_LOAD8_U', END, 0, 0),
            case('ll_u8_last', 'I32_LOAD8_U', END - 1, 0, 0),  # in bounds
            case('ll_s16_end_in_offset', 'I32_LOAD16_S', 0, 0, END - 1),
            case('ll_i64_pointer_max', 'I64_LOAD', 0xFFFFFFFF, 0, 1),
            case('ll_f64_far', 'F64_LOAD', 0xFFFFFFF0, 4, 0xFFFFFFFF)]


def trap_ax(m, lists):
    def case(tag, name, a, b, k, vt, is_store):
        addr = '(i32.add %s %s)' % (get('a'), get('b'))
        local_vars = [('a', 'i32', a), ('b', 'i32', b)]
        if is_store:
            local_vars.append(('v', vt, 1.25 if vt.startswith('f') else -2))
            body, result = [mem(name, k, addr, get('v')), '(i32.const 0)'], 'i32'
        else:
            body, result = [as_bits(vt, mem(name, k, addr))], bits_type(vt)
        return (tag, result, local_vars, body, [name + '_AX'], [name + '_AX_CHK'])

    return [case('ax_i32_straddle', 'I32_LOAD', END - 10, 7, 0, 'i32', False),
            case('ax_u8_last', 'I64_LOAD8_U', END - 1, 0, 0, 'i64', False),  # in bounds
            case('ax_u8_end', 'I32_LOAD8_U', END - 1, 1, 0, 'i32', False),
            case('ax_u16_wrapped_sum_end', 'I32_LOAD16_U', -1, END + 1, 0, 'i32', False),
            case('ax_f64_sum_plus_offset_past_4g', 'F64_LOAD', -1, 0, 2, 'f64', False),
            case('ax_s32_offset', 'I64_LOAD32_S', END - 8, 0, 5, 'i64', False),
            case('ax_store_i32_straddle', 'I32_STORE', END - 2, 0, 0, 'i32', True),
            case('ax_store16_straddle', 'I64_STORE16', END - 0x100, 0xFF, 0, 'i64', True),
            case('ax_store_f64_last', 'F64_STORE', END - 16, 8, 0, 'f64', True),  # in bounds
            case('ax_store_f32_far', 'F32_STORE', I32_MAX, I32_MAX, 0xFFFFFFFF, 'f32', True)]


def trap_simd_ax(m, lists):
    names = {name for name, _ in lists.simd_ax_ops}

    def case(tag, name, a, b, k):
        addr = '(i32.add %s %s)' % (get('a'), get('b'))
        if name == 'V128_STORE':
            body = [mem(name, k, addr, get('v')), '(i64.const 0)']
        else:
            body = ['(i64x2.extract_lane 1 %s)' % mem(name, k, addr)]
        return (tag, 'i64', [('a', 'i32', a), ('b', 'i32', b), ('v', 'v128', (-1, 7))], body, [name + '_AX'], ())

    cases = [('simd_load_straddle', 'V128_LOAD', END - 20, 5, 0),
             ('simd_load_last', 'V128_LOAD', END - 20, 4, 0),  # in bounds
             ('simd_load8_splat_wrapped_sum_end', 'V128_LOAD8_SPLAT', -1, END + 1, 0),
             ('simd_load64_zero_offset_past_4g', 'V128_LOAD64_ZERO', -1, 0, 1),
             ('simd_store_straddle', 'V128_STORE', END - 8, 0, 0),
             ('simd_store_last', 'V128_STORE', END - 32, 0, 16)]  # in bounds
    return [case(*c) for c in cases if c[1] in names]


def trap_bignum(m, lists):
    def case(tag, expr, fused, p, q):
        return (tag, 'i64', [('p', 'i32', p), ('q', 'i32', q), ('w', 'i64', 3)], [expr], [fused], ())

    def l32(v, k):
        return '(i64.load32_u offset=%d %s)' % (k, get(v))

    def limb(tag, fused, p, q, o):
        value = ('(i64.add (i64.add %s (i64.mul %s (local.get $w))) (i64.shr_u (local.get $w) (i64.const 32)))'
                 if fused == 'I64_MAC2_CARRY_STORE32' else
                 '(i64.add (i64.add (local.get $w) %s) (i64.mul %s (local.get $w)))') % (l32('p', 0), l32('q', 0))
        return (tag, 'i64', [('p', 'i32', p), ('q', 'i32', q), ('w', 'i64', 3), ('o', 'i32', o)],
                ['(i64.store32 (local.get $o) (local.tee $w %s))' % value, '(local.get $w)'], [fused], ())

    mul, mac = '(i64.mul %s %s)', '(i64.add %s (i64.mul %s (local.get $w)))'
    return [limb('limb_carry_store_straddle', 'I64_MAC2_CARRY_STORE32', 0, 4, END - 3),
            limb('limb_carry_load_end', 'I64_MAC2_CARRY_STORE32', END, 4, SCRATCH_END),
            limb('limb_add_store_far', 'I64_MAC2_ADD_STORE32', 0, 4, 0xFFFFFFFF),
            limb('limb_add_second_straddle', 'I64_MAC2_ADD_STORE32', 0, END - 1, SCRATCH_END),
            limb('limb_carry_store_last', 'I64_MAC2_CARRY_STORE32', 0, 4, END - 4),  # in bounds
            case('mul2_second_straddle', mul % (l32('p', 0), l32('q', 0)), 'I64_MUL_LOAD32_U2', 0, END - 3),
            case('mul2_first_end', mul % (l32('p', 4), l32('q', 0)), 'I64_MUL_LOAD32_U2', END - 4, 0),
            case('mac_straddle', mac % (get('w'), l32('q', 0)), 'I64_MAC_LOAD32_U', 0, END - 1),
            case('mac2_first_far', mac % (l32('p', 0xFFFFFFFF), l32('q', 0)), 'I64_MAC_LOAD32_U2', 0xFFFFFFFF, 0),
            case('mac2_second_straddle', mac % (l32('p', 0), l32('q', 0)), 'I64_MAC_LOAD32_U2', 0, END - 2)]


def trap_table_lookups(m, lists):
    def case(tag, shape, base, v, k, mask, k_off):
        return (tag, 'i32', [('base', 'i32', base), ('v', 'i32', v), ('k', 'i32', k), ('m', 'i32', mask)],
                [table_lookup(shape, True, k_off)], [TABLE_INDEX[shape][1]], ())

    return [case('lookup_straddle', 'shr_and_l', END - 2 - 0x34, 0x3400, 8, 0xFC, 0),
            case('lookup_last', 'and_shl', END - 4 - 0x3C, 0xF, 0xFF, 2, 0),  # in bounds
            case('lookup_end', 'shr_and_r', END - 0x100, 0x4000, 6, 0x3FC, 0),
            case('lookup_wrapped_sum', 'shr_and_l', -0x100, 0x4000, 6, 0x3FC, 0x20),  # in bounds: at 0x20
            case('lookup_offset_past_4g', 'and_shl', -4, 1, 1, 2, 0xFFFFFFFF)]


def trap_load_branches(m, lists):
    def case(tag, load, kind, p, k):
        cond = mem(load, k, get('p'))
        cond = {'NZ': cond, 'Z': '(i32.eqz %s)' % cond, 'EQ': '(i32.eq %s %s)' % (cond, get('b')),
                'NE': '(i32.ne %s %s)' % (cond, get('b'))}[kind]
        return (tag, 'i32', [('p', 'i32', p), ('b', 'i32', 0), ('r', 'i32', 1)],
                ['(block $b (br_if $b %s) (local.set $r (i32.const 0)))' % cond, get('r')],
                ['%s_%s_BR' % (load, kind)], ())

    cases = [('ldbr_i32_straddle', 'I32_LOAD', 'NZ', END - 2, 0),
             ('ldbr_i32_offset_overflow', 'I32_LOAD', 'NE', 0xFFFFFFFC, 8),
             ('ldbr_u8_end', 'I32_LOAD8_U', 'EQ', END, 0),
             ('ldbr_u8_last', 'I32_LOAD8_U', 'Z', END - 1, 0)]  # in bounds
    branches = load_branch_ops(lists)
    return [case(*c) for c in cases if c[2] in branches.get(c[1], [])]



def trap_br_table_loads(m, lists):
    def case(tag, index, fused, p, a=0, b=0):
        return (tag, 'i32', [('p', 'i32', p), ('a', 'i32', a), ('b', 'i32', b)], br_table_body(index), [fused], ())

    return [case('brtable_byte_end', '(i32.load8_u (local.get $p))', 'BR_TABLE_LOAD8_U', END),
            case('brtable_byte_last', '(i32.sub (i32.load8_u (local.get $p)) (i32.const 3))', 'BR_TABLE_LOAD8_U',
                 END - 1),  # in bounds
            case('brtable_word_straddle', '(i32.load (i32.add (local.get $a) (local.get $b)))', 'BR_TABLE_LOAD_AX',
                 0, END - 10, 8),
            case('brtable_word_sum_wraps_far', '(i32.load offset=4 (i32.add (local.get $a) (local.get $b)))',
                 'BR_TABLE_LOAD_AX', 0, -1, -4)]

def trap_moves(m, lists):
    sizes = {(load, store): size for load, store, size in move_pairs(lists)}

    def case(tag, load, store, p, q, k=0):
        return (tag, 'i32', [('p', 'i32', p), ('q', 'i32', q)],
                [mem(store, k, get('q'), mem(load, k, get('p'))), '(i32.const 0)'],
                ['MOVE%d' % sizes[load, store]], ())

    if not any(re.match(r'^MOVE\d+$', x) for x in lists.fused_control):
        return []
    return [case('move_source_straddle', 'I32_LOAD', 'I32_STORE', END - 2, SCRATCH_END),
            case('move_dest_straddle', 'I64_LOAD16_S', 'I64_STORE16', SCRATCH_END, END - 1),
            case('move_dest_far', 'F64_LOAD', 'F64_STORE', SCRATCH_END, 0xFFFFFFFF, 9),
            case('move_last_byte', 'I32_LOAD8_U', 'I32_STORE8', END - 1, END - 1)]  # in bounds


def gen_traps(m, lists):
    """Fused memory accesses out of bounds trap as V8 does (and the last bytes do not)."""
    for group in (trap_load_ops, trap_op_stores, trap_rmws, trap_mul_rmws, trap_axpy_pairs, trap_load_loads, trap_ax, trap_simd_ax,
                  trap_bignum, trap_load_branches, trap_br_table_loads, trap_moves, trap_table_lookups):
        for tag, result, local_vars, body, expect, expect_checked in group(m, lists):
            m.add('traps', 'trap_' + tag, [result], local_vars, body, expect, expect_checked)


def gen_memory_hash(m):
    """Last: a hash of all memory, for stray writes no function's own result shows."""
    body = ['(loop $l',
            '  (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 0x01000193)) (i32.load (local.get $i))))',
            '  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const %d))))' % PAGE,
            get('h')]
    m.add('memory-hash', 'memory_hash', ['i32'], [('i', 'i32', None), ('h', 'i32', None)], body)


FAMILIES = [gen_pairs, gen_add_pairs, gen_copy_copy, gen_load_ops, gen_store_ops, gen_rmw, gen_mul_rmw,
            gen_axpy_pair, gen_ax, gen_simd_ax, gen_table_lookup, gen_rotations, gen_load_load, gen_move,
            gen_compare_branch, gen_load_branch, gen_loops, gen_loops64, gen_and_branch, gen_arith_branch,
            gen_br_table, gen_br_table_load, gen_block_results, gen_copy_add_br, gen_copy_cond_br,
            gen_bignum, gen_traps, gen_plain, gen_acc_loops, gen_simd_zext, gen_simd_load_ops,
            gen_simd_mul_loads, gen_axpy_pair_ax, gen_simd_pairs, gen_simd_lane_tests, gen_branch_joins, gen_axpy_loop]


def gen_acc_copies(m):
    """Every function once more per local holding an integer or float, that local set last by an
    instruction leaving it in the accumulator (Func.acc_copy); the same expectations, and
    V8's results to match."""
    for f in list(m.funcs):
        for n, t, v in f.local_vars:
            if v is not None and t in PRODUCE:
                copy = f.acc_copy(n)
                assert copy.name not in m.names, 'two functions named ' + copy.name
                m.names.add(copy.name)
                m.funcs.append(copy)


def generate(lists):
    m = Module()
    for family in FAMILIES:
        family(m, lists)
    gen_acc_copies(m)
    gen_memory_hash(m)
    return m


# ---- running and comparing ----
def parse_results(text):
    """Harness output -> (first line, {function: its result line})."""
    lines = text.splitlines()
    results, name = {}, None
    for line in lines[1:]:
        if line.startswith('call '):
            name = line[5:]
        elif name is not None and (line.startswith('return') or line.startswith('trap')):
            results[name] = line
            name = None
    return (lines[0] if lines else ''), results


MIRRORED_BR = re.compile(r'^(I32|I64)_(%s)_BR$' % '|'.join(CMPS))


def parse_dump(text):
    """WASMBOX_DUMP_CODE output -> {function index: set of instruction names}. An accumulator
    variant (code.h) counts as its instruction too, and a compare-and-branch taking its second
    operand from the accumulator (the compare mirrored) as the compare it came from."""
    funcs, current = {}, None
    for line in text.splitlines():
        head = re.match(r'func (\d+): ', line)
        if head:
            current = funcs[int(head.group(1))] = set()
        elif current is not None:
            ins = re.match(r'\s+\d+: (\w+)', line)
            if ins:
                current.add(ins.group(1))
                # An accumulator variant (code.h) is its instruction, taking an operand from acc.
                if re.search(r'_[AVB]$', ins.group(1)):
                    base = ins.group(1)[:-2]
                    current.add(base)
                    mirrored = MIRRORED_BR.match(base)
                    if mirrored:
                        current.add('%s_%s_BR' % (mirrored.group(1), SWAPPED[mirrored.group(2)]))
    return funcs


def run(cmd, env, timeout, out_path):
    """Runs a harness; returns (stdout, stderr, note on an abnormal end or None)."""
    try:
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        stdout, stderr = p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')
        note = None if p.returncode == 0 else 'exit status %d' % p.returncode
    except subprocess.TimeoutExpired as e:
        stdout = (e.stdout or b'').decode(errors='replace')
        stderr = (e.stderr or b'').decode(errors='replace')
        note = 'timed out after %ds' % timeout
    with open(out_path, 'w') as f:
        f.write(stdout)
    with open(out_path + '.stderr', 'w') as f:
        f.write(stderr)
    return stdout, stderr, note


def report_abnormal_end(who, note, stderr, path):
    """A crash or hang: its first lines on stderr that are not the code dump (a sanitizer's
    report, a signal), so the log shows why functions have no result."""
    dump = re.compile(r'^(func \d+: |\s+const s\d+ = |\s+\d+: )')
    lines = [line for line in stderr.splitlines() if not dump.match(line)]
    print('%s: %s; its stderr is in %s' % (who, note, path))
    for line in lines[:8]:
        print('  ' + line)


def require_tools(args):
    """Exit status 2 with a message when a tool is missing."""
    missing = []
    for path, what in ((args.wat2wasm, 'wat2wasm (wabt)'), (args.node, 'node'),
                       (args.wasmbox_harness, 'the wasmbox harness wb-difftest')):
        if not shutil.which(path):
            missing.append('%s (%s)' % (what, path))
    if missing:
        sys.stderr.write('fusion.py: not found: %s\n' % ', '.join(missing))
        sys.exit(2)


def compare(m, v8, runs):
    """Prints a line per mismatch (functions a crashed run never reached: one line per run);
    returns the number of failed functions."""
    v8_first, v8_results = v8
    failed = 0
    unreached = {label: [] for label, _, _ in runs}
    for index, f in enumerate(m.funcs):
        problems, unreached_here = [], False
        expected = v8_results.get(f.name, 'no result (V8: %s)' % v8_first)
        for label, (first, results, dump, note), expect in runs:
            got = results.get(f.name)
            if got is None:
                unreached[label].append(f.name)
                unreached_here = True
                continue
            if got != expected:
                problems.append('%s: V8 `%s`, wasmbox `%s` (%s)' % (f.name, expected, got, label))
                continue
            want = f.expect if expect == 'guard' else f.expect_checked
            # An expected name with a leading ! must be absent (folded into another instruction).
            have = dump.get(index, set())
            missing = [x for x in want if not x.startswith('!') and x not in have]
            left = [x[1:] for x in want if x.startswith('!') and x[1:] in have]
            if missing:
                problems.append('%s: not fused: the translation lacks %s (%s)'
                                % (f.name, ' '.join(missing), label))
            if left:
                problems.append('%s: not folded: the translation still has %s (%s)'
                                % (f.name, ' '.join(left), label))
        if problems:
            print('\n'.join(problems))
        if problems or unreached_here:
            failed += 1
    for label, names in unreached.items():
        if names:
            print('wasmbox (%s) printed no result for %d functions, from %s on' % (label, len(names), names[0]))
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--wasmbox-harness', default=os.path.join(ROOT, 'build', 'tests', 'difftest', 'wb-difftest'))
    ap.add_argument('--node', default='node')
    ap.add_argument('--wat2wasm', default='wat2wasm')
    ap.add_argument('--out', help='folder for the module and the outputs (default: a new temporary one)')
    ap.add_argument('--timeout', type=int, default=240, help='seconds per harness run')
    ap.add_argument('-v', '--verbose', action='store_true', help='print the functions per family')
    args = ap.parse_args()
    require_tools(args)
    out = args.out or tempfile.mkdtemp(prefix='wasmbox-fusion-')
    os.makedirs(out, exist_ok=True)

    try:
        lists = FusionLists(ROOT)
    except (OSError, ValueError) as e:
        print('fusion.py: cannot read the lists of fused instructions: %s' % e)
        return 1
    m = generate(lists)
    if args.verbose:
        counts = {}
        for f in m.funcs:
            counts[f.family] = counts.get(f.family, 0) + 1
        for family, n in counts.items():
            print('%-16s %5d functions' % (family, n))
    wat, wasm = os.path.join(out, 'fusion.wat'), os.path.join(out, 'fusion.wasm')
    with open(wat, 'w') as f:
        f.write(m.wat())
    p = subprocess.run([args.wat2wasm, wat, '-o', wasm], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.stdout.write(p.stdout.decode(errors='replace'))
        print('fusion.py: wat2wasm rejected the generated module %s' % wat)
        print('0 passed, %d failed' % len(m.funcs))
        return 1

    v8_out, _, v8_note = run([args.node, '--single-threaded', '--no-concurrent-marking',
                              os.path.join(HERE, 'v8-difftest.js'), wasm], None, args.timeout,
                             os.path.join(out, 'v8.txt'))
    first, v8_results = parse_results(v8_out)
    if v8_note or first != 'instantiated':
        print('V8 did not run the module (%s, first line %r)' % (v8_note or 'exit status 0', first))

    env = dict(os.environ, WASMBOX_DUMP_CODE='1')  # the translations, on stderr
    env.pop('WASMBOX_BOUNDS_CHECKS', None)
    runs = []
    modes = (('guard pages', 'guard', {}), ('bounds checks', 'checked', {'WASMBOX_BOUNDS_CHECKS': '1'}))
    for label, mode, extra in modes:
        path = os.path.join(out, 'wasmbox-%s.txt' % mode)
        stdout, stderr, note = run([args.wasmbox_harness, wasm], dict(env, **extra), args.timeout, path)
        if note:
            report_abnormal_end('wasmbox (%s)' % label, note, stderr, path + '.stderr')
        runs.append((label, parse_results(stdout) + (parse_dump(stderr), note), mode))

    failed = compare(m, (first, v8_results), runs)
    guard, checked = lists.fused_names()
    uncovered = sorted((guard - {x for f in m.funcs for x in f.expect}) |
                       (checked - {x for f in m.funcs for x in f.expect_checked}))
    # Accumulator variants are chosen by the translator wherever they apply: each must appear in
    # some guard-page translation.
    seen = set().union(*runs[0][1][2].values()) if runs[0][1][2] else set()
    uncovered += sorted(lists.acc_names() - seen)
    if uncovered:
        print('no generated function produces: %s (add a pattern to fusion.py)' % ' '.join(uncovered))
    if failed or uncovered:
        print('module and outputs in %s; one function with its translation: WASMBOX_DUMP_CODE=1 '
              '[WASMBOX_BOUNDS_CHECKS=1] wasmbox run %s --invoke NAME' % (out, wasm))
    print('%d passed, %d failed' % (len(m.funcs) - failed, failed))
    return 1 if failed or uncovered else 0


if __name__ == '__main__':
    sys.exit(main())
