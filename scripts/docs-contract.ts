/**
 * Writes Model I/O v1's tables (lib/core/io/model-io.json) into docs/MODEL-CONTRACT.md between its
 * `model-io` markers. `npm run docs:contract`; tests/unit/contract.test.ts fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceMarked } from '@/lib/tools/marked';
import { modelIoMarkdown } from '@/lib/core/io';

const file = 'docs/MODEL-CONTRACT.md';
writeFileSync(file, replaceMarked(readFileSync(file, 'utf8'), 'model-io', modelIoMarkdown()));
console.log(`${file}: Model I/O v1 tables written`);
