import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layers of lib/ (docs/ARCHITECTURE.md): core runs anywhere and imports no other layer; browser and
 * server import core only; tools may import anything. components/ (client and server components) import
 * core and browser; app/ imports anything but tools. A wrong import fails `npm run lint`.
 */
const layer = (name) => [`@/lib/${name}`, `@/lib/${name}/**`];
const ui = ['@/app', '@/app/**', '@/components', '@/components/**'];
// zod comes configured from lib/core/zod.ts (jitless in browsers); only that file imports 'zod' itself.
// As a namespace (`import * as z`): zod's own `z` would keep all of zod in the bundles, its locales included
// (tests/e2e/practice.test.ts checks the workers' scripts).
const ZOD = { name: 'zod', message: "import * as z from '@/lib/core/zod' (configured for the site's CSP).", allowTypeImports: true };
const restrict = (message, groups, paths = [ZOD]) => ({ 'no-restricted-imports': ['error', { paths, patterns: [{ group: groups, message }] }] });
const CORE_GROUPS = [...layer('browser'), ...layer('server'), ...layer('tools'), ...ui, 'node:*', 'server-only', '../../*', '../../../*'];
const CORE_MESSAGE = 'lib/core is pure: it imports no other layer, no UI and no Node built-in.';
export const layerRules = [
  {
    files: ['lib/core/**/*.{ts,tsx}'],
    rules: restrict(CORE_MESSAGE, CORE_GROUPS),
  },
  { files: ['lib/core/zod.ts'], rules: restrict(CORE_MESSAGE, CORE_GROUPS, []) },
  {
    files: ['lib/browser/**/*.{ts,tsx}'],
    rules: restrict('lib/browser imports lib/core only.', [...layer('server'), ...layer('tools'), ...ui, 'node:*', '../*']),
  },
  {
    files: ['lib/server/**/*.{ts,tsx}'],
    rules: restrict('lib/server imports lib/core only.', [...layer('browser'), ...layer('tools'), ...ui, '../../*']),
  },
  {
    files: ['lib/tools/**/*.{ts,tsx}'],
    rules: restrict('lib/tools may import any layer of lib/, never the UI.', [...ui, '../../*']),
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: restrict('components import lib/core and lib/browser only.', [...layer('server'), ...layer('tools'), 'node:*']),
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: restrict('app/ never imports lib/tools (command-line and test code).', [...layer('tools')]),
  },
];

const config = [
  ...next,
  ...nextTs,
  ...layerRules,
  { ignores: ['.next/**', '.next-*/**', 'node_modules/**', '.data/**', 'public/**', 'next-env.d.ts', 'training/**', 'test-results/**'] },
];

export default config;
