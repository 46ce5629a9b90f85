// Copies the onnxruntime-web runtime files the model worker loads (`onnxruntime-web/webgpu` uses the
// asyncify build for both WebGPU and WASM) into public/ort/<version>/, served with an immutable cache.
// Runs at postinstall and before `next build`; public/ort/ is not committed (about 27 MB).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'node_modules/onnxruntime-web/dist';
const { version } = JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8'));
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
const out = join('public/ort', version);
mkdirSync(out, { recursive: true });
for (const file of ORT_FILES) copyFileSync(join(dist, file), join(out, file));
console.log(`onnxruntime-web ${version}: ${ORT_FILES.join(', ')} → ${out}/`);
