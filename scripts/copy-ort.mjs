// Copies the onnxruntime-web runtime files the model worker loads into public/ort/<version>/, served with an
// immutable cache: the plain WASM build (`onnxruntime-web/wasm`: the first session everywhere, the only one
// without WebGPU) and the two WebGPU builds (asyncify; JSPI where the browser has it). Each file is also
// written precompressed, .br (brotli 11) and .gz (gzip 9), which next.config.js serves with Content-Encoding
// to clients that accept them; files.json lists every file's bytes, plain and compressed (the worker's
// progress bar counts transferred bytes). A compressed file newer than its source is kept.
// Runs at postinstall and before `next build`; public/ort/ is not committed.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const dist = 'node_modules/onnxruntime-web/dist';
const { version } = JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8'));
const ORT_FILES = ['', '.asyncify', '.jspi'].flatMap((build) => [`ort-wasm-simd-threaded${build}.mjs`, `ort-wasm-simd-threaded${build}.wasm`]);
const out = join('public/ort', version);
mkdirSync(out, { recursive: true });

const encoders = {
  br: (bytes) => promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gz: (bytes) => promisify(gzip)(bytes, { level: 9 }),
};

const fresh = (path, source) => existsSync(path) && statSync(path).mtimeMs >= statSync(source).mtimeMs;

const files = {};
await Promise.all(
  ORT_FILES.map(async (file) => {
    const target = join(out, file);
    if (!fresh(target, join(dist, file)) || statSync(target).size !== statSync(join(dist, file)).size) copyFileSync(join(dist, file), target);
    const bytes = readFileSync(target);
    files[file] = { bytes: bytes.length };
    for (const [ext, encode] of Object.entries(encoders)) {
      const path = `${target}.${ext}`;
      if (!fresh(path, target)) writeFileSync(path, await encode(bytes));
      files[file][ext] = statSync(path).size;
    }
  }),
);
writeFileSync(join(out, 'files.json'), `${JSON.stringify(Object.fromEntries(ORT_FILES.map((f) => [f, files[f]])), null, 1)}\n`);
console.log(`onnxruntime-web ${version}: ${ORT_FILES.length} files (+ .br, .gz) → ${out}/`);
