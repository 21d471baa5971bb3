import { readFileSync } from 'node:fs';
import { PythonHost } from '../web/lib/python-host.js';
const module = await WebAssembly.compile(readFileSync('target/wasipy/wasipy.wasm'));
const stdlib = new Uint8Array(readFileSync('target/wasipy/usr/local/lib/python313.zip'));
const host = await PythonHost.create({ module, stdlib });
const src = readFileSync('bench/cpu_suite.py', 'utf8');
let r = host.run(src.replace('REPEAT = 3', 'REPEAT = 1'), { display: false }); console.log(r.stdout);
r = host.run('main()', { display: false }); console.log(r.stdout);
