/**
 * The full NLVR test-P check of issue 7: runs a shipped model over the whole `nlvr-test-p` split in
 * headless Chromium on /evaluate, submits, and compares the server's pair accuracy with `npm run eval`'s
 * (the report `npm run eval -- --variant … --record` keeps in models/<family>/eval-variants.json):
 *   npm run verify:browser-score -- --url http://localhost:3000 [--model aligned-int8] [--webgpu]
 * Needs a site started with NLVR1_DIR set at packs:build (`npm run quickstart`). Without --webgpu the browser
 * has no WebGPU and the page runs on WASM (SwiftShader's WebGPU takes about an hour for the split).
 * Prints one JSON line: {model, backend, items, minutes, browserPairAccuracy, evalPairAccuracy, equal}.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_ID } from '@/lib/core/model/splits';
import { recordedEvals } from '@/lib/tools/pack';
import { launchBrowser } from '@/tests/e2e/browser';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    model: { type: 'string', default: DEFAULT_MODEL_ID },
    webgpu: { type: 'boolean', default: false },
  },
});
if (!values.url) {
  console.error('usage: npm run verify:browser-score -- --url http://localhost:3000 [--model aligned-int8] [--webgpu]');
  process.exit(2);
}
const [family, variant] = values.model.split('-') as [string, string];
const recorded = (await recordedEvals(`models/${family}`))[variant];
const evalPairAccuracy = recorded?.data.endsWith('test.json') ? recorded.report.pairAccuracy : undefined;
if (typeof evalPairAccuracy !== 'number') throw new Error(`no recorded NLVR test eval for ${values.model}: run npm run eval -- --model ${family} --variant ${variant} --data …/test.json --record`);

const browser = await launchBrowser({ webgpu: values.webgpu });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${values.url}/evaluate?split=nlvr-test-p`);
  await page.getByLabel('Model family').selectOption(family);
  await page.getByLabel('Model variant').selectOption(variant);
  await page.getByRole('button', { name: `Load ${values.model}` }).click();
  await page.locator('[data-testid="model-state"][data-state="ready"]').waitFor({ timeout: 300_000 });
  await page.locator('[data-testid="split-info"]').waitFor();
  const started = Date.now();
  await page.getByRole('button', { name: /^Evaluate/ }).click();
  await page.locator('[data-testid="progress"][data-state="done"]').waitFor({ timeout: 3_600_000 });
  const items = Number(await page.getByTestId('progress').getAttribute('data-done'));
  const backend = await page.getByTestId('facts').getAttribute('data-backend');
  await page.getByLabel('Model name').fill(`browser check ${values.model}`);
  await page.getByRole('button', { name: 'Submit' }).click();
  const entry = page.getByTestId('entry');
  await entry.waitFor({ timeout: 120_000 });
  const browserPairAccuracy = Number(await entry.getAttribute('data-pair-accuracy'));
  console.log(
    JSON.stringify({
      model: values.model,
      backend,
      items,
      minutes: Number(((Date.now() - started) / 60_000).toFixed(1)),
      browserPairAccuracy,
      evalPairAccuracy,
      equal: browserPairAccuracy === evalPairAccuracy,
    }),
  );
} finally {
  await browser.close();
}
