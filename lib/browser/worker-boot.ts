import { startWasm } from './runtime';
import { STARTS_RUNTIME } from './worker-names';

/**
 * model.worker.ts imports this module first, so it runs before the rest of the worker's code is evaluated (the
 * schemas, the tokenizer, the model code: a few hundred milliseconds on a slow phone): the runtime's download,
 * or its check against the HTTP cache, starts that much earlier. Its progress and marks are kept for the request
 * that asks for the runtime next (runtime.ts).
 */
if (self.name === STARTS_RUNTIME) void startWasm(undefined, () => {}, () => {});
