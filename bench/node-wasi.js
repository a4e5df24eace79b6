// bench/node-wasi.js — runs a WASI command module under node (V8) for the benchmark:
//   node --experimental-wasi-unstable-preview1 bench/node-wasi.js MODULE.wasm [ARGS...]
// argv[0] is the module's name without ".wasm" (as `openssl` expects); the working directory is
// preopened as "."; the exit status is the guest's.
'use strict';
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const path = require('node:path');

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node-wasi.js MODULE.wasm [ARGS...]\n');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(file, '.wasm'), ...args],
  env: {},
  preopens: { '.': '.' },
  returnOnExit: true,
});
WebAssembly.compile(fs.readFileSync(file))
  .then((mod) => WebAssembly.instantiate(mod, wasi.getImportObject()))
  .then((inst) => { process.exitCode = wasi.start(inst); })
  .catch((err) => { process.stderr.write(`node-wasi: ${err.stack || err}\n`); process.exitCode = 134; });
