import { startWasm } from './runtime';
import { requestId } from './request-id';
import { STARTS_RUNTIME } from './worker-names';
import type { WorkerResponse } from '@/lib/core/model/protocol';

/**
 * The model worker's entry: only what starts the WASM runtime (onnxruntime-web's JS) loads before its first
 * line runs. On the game's worker (named so by the early start), the runtime's download, or its check
 * against the HTTP cache, and its compile start at once; the rest of the worker (the schemas, the
 * tokenizer, the model code: model-requests.ts) loads meanwhile, and the requests that came before it
 * wait for it. The runtime's progress and marks are kept for the request that asks for it next (runtime.ts).
 */
performance.mark('workerStarted');
if (self.name === STARTS_RUNTIME) void startWasm(undefined, () => {}, () => {});

const early: MessageEvent<unknown>[] = [];
self.onmessage = (event: MessageEvent<unknown>) => void early.push(event);

import('./model-requests').then(
  ({ handle }) => {
    self.onmessage = handle;
    for (const event of early.splice(0)) handle(event);
  },
  (err: unknown) => {
    // Its code failed to load (a deploy replaced the files, the connection dropped): every request fails with why.
    const message = `The model worker could not load its code: ${err instanceof Error ? err.message : String(err)}`;
    const refuse = (event: MessageEvent<unknown>) => {
      self.postMessage({ type: 'error', id: requestId(event.data), message } satisfies WorkerResponse);
    };
    self.onmessage = refuse;
    for (const event of early.splice(0)) refuse(event);
  },
);
