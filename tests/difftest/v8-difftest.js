// tests/difftest/v8-difftest.js — the reference side of the differential test: runs one module
// in node's V8 and prints the same line format as wb-difftest.c (see tests/difftest/README.md
// section of the top README): every exported function is called with zero arguments, with
// `hangLimitInitializer` before each call and `hashMemory` after it.
// Usage: node v8-difftest.js MODULE.wasm
'use strict';
const fs = require('fs');

const out = [];
const emit = (line) => out.push(line);
const flush = () => fs.writeSync(1, out.length ? out.join('\n') + '\n' : '');

// --- Function signatures: JS cannot ask a function for its type, so read the module's sections. ---
const V = {0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref'};

function parseSignatures(bytes) {
  let pos = 8;
  const u8 = () => bytes[pos++];
  const leb = () => {
    let result = 0, shift = 0, b;
    do {
      b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const skipLimits = () => {
    const flags = u8();
    leb();
    if (flags & 1) leb();
  };
  const name = () => {
    const n = leb();
    const s = Buffer.from(bytes.subarray(pos, pos + n)).toString('utf8');
    pos += n;
    return s;
  };
  const types = [], funcs = [], imports = [], exports = [];
  while (pos < bytes.length) {
    const id = u8();
    const size = leb();
    const end = pos + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        if (u8() !== 0x60) throw new Error('unsupported type form');
        const params = [], results = [];
        for (let k = leb(); k > 0; k--) params.push(V[u8()] || '?');
        for (let k = leb(); k > 0; k--) results.push(V[u8()] || '?');
        types.push({params, results});
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name(), field = name(), kind = u8();
        if (kind === 0) {
          const t = types[leb()];
          funcs.push(t);
          imports.push({module, field, kind, type: t});
        } else {
          if (kind === 1) { u8(); skipLimits(); }
          else if (kind === 2) skipLimits();
          else if (kind === 3) { u8(); u8(); }
          else throw new Error('unsupported import kind ' + kind);
          imports.push({module, field, kind});
        }
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) funcs.push(types[leb()]);
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const field = name(), kind = u8(), index = leb();
        exports.push({field, kind, type: kind === 0 ? funcs[index] : undefined});
      }
    }
    pos = end;
  }
  return {imports, exports};
}

// --- Values in the common format ---
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

function format(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v | 0);
    case 'i64': return 'i64:' + BigInt.asIntN(64, BigInt(v));
    case 'f32': f32[0] = v; return 'f32:0x' + u32[0].toString(16).padStart(8, '0');
    case 'f64': f64[0] = v; return 'f64:0x' + u64[0].toString(16).padStart(16, '0');
    case 'funcref': case 'externref': return type + ':' + (v === null ? 'null' : 'nonnull');
    default: return type + ':?';
  }
}

function zero(type) {
  switch (type) {
    case 'i64': return 0n;
    case 'funcref': case 'externref': return null;
    default: return 0;
  }
}

// V8's trap messages, mapped to the kinds wb-difftest.c prints for the spec's traps.
function trapKind(e) {
  if (e instanceof RangeError && /call stack/.test(e.message)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'js:' + e.constructor.name + ':' + e.message;
  const m = e.message;
  if (/^unreachable/.test(m)) return 'unreachable';
  if (/divide by zero|remainder by zero/.test(m)) return 'div-zero';
  if (/divide result unrepresentable/.test(m)) return 'int-overflow';
  if (/float unrepresentable/.test(m)) return 'conversion';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory-oob';
  if (/table index is out of bounds|element segment|table/.test(m)) return 'table-oob';
  if (/null function|signature mismatch/.test(m)) return 'indirect-call';
  return 'v8:' + m;
}

function main() {
  const bytes = new Uint8Array(fs.readFileSync(process.argv[2]));
  let mod;
  try {
    mod = new WebAssembly.Module(bytes);
  } catch (e) {
    emit('invalid');
    process.stderr.write('v8-difftest: ' + e.message + '\n');
    return;
  }
  const sig = parseSignatures(bytes);
  const env = {};
  for (const imp of sig.imports) {
    // A v128 cannot cross into JavaScript (nor wasm.h): the driver lowers log-v128 beforehand.
    const v128 = imp.kind === 0 && [...imp.type.params, ...imp.type.results].includes('v128');
    if (imp.module !== 'fuzzing-support' || imp.kind !== 0 || v128) {
      emit('unsupported-import ' + imp.module + ' ' + imp.field);
      return;
    }
    const params = imp.type.params;
    env[imp.field] = (...args) => {
      params.forEach((t, i) => emit('log ' + format(t, args[i])));
    };
  }
  let inst;
  try {
    inst = new WebAssembly.Instance(mod, {'fuzzing-support': env});
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) emit('link-error');
    else emit('start-trap ' + trapKind(e));
    return;
  }
  emit('instantiated');
  const ex = inst.exports;
  const plain = (name) => {
    const e = sig.exports.find((x) => x.field === name && x.kind === 0);
    return e && e.type.params.length === 0 ? e : undefined;
  };
  const hang = plain('hangLimitInitializer');
  const hash = plain('hashMemory');
  const hashOk = hash && hash.type.results.length === 1 && hash.type.results[0] === 'i32';
  const call = (e) => {
    if (hang) ex.hangLimitInitializer();
    return ex[e.field](...e.type.params.map(zero));
  };
  for (const e of sig.exports) {
    if (e.kind !== 0) continue;
    const t = e.type;
    if (t.params.includes('v128') || t.results.includes('v128')) {
      emit('skip ' + e.field + ' v128');
      continue;
    }
    emit('call ' + e.field);
    try {
      const r = call(e);
      const values = t.results.length === 1 ? [r] : t.results.length === 0 ? [] : Array.from(r);
      emit(['return', ...t.results.map((rt, i) => format(rt, values[i]))].join(' '));
    } catch (err) {
      emit('trap ' + trapKind(err));
    }
    if (hashOk) {
      try {
        emit('hash ' + format('i32', call(hash)));
      } catch (err) {
        emit('hash trap ' + trapKind(err));
      }
    }
  }
}

try {
  main();
} finally {
  flush();
}
