/** The model worker's names (its `self.name`). This one asks it to start its runtime as its first act (model.worker.ts). */
export const STARTS_RUNTIME = 'tob-model:start-runtime';
export const PLAIN = 'tob-model';
