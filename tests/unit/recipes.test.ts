import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecipes, RecipeError, reproduceCommands } from '@/lib/server/findings';

describe('the shipped recipes, as /paper quotes them', () => {
  const recipes = readRecipes();
  const recipe = (family: string) => recipes.find((r) => r.family === family)!;

  it('reads training/config/<family>.py as committed', () => {
    expect(recipes.map((r) => [r.family, r.path, r.outDir])).toEqual([
      ['aligned', 'training/config/aligned.py', 'out/aligned'],
      ['baseline', 'training/config/baseline.py', 'out/baseline'],
    ]);
    expect(recipe('aligned').text).toMatch(/^pool_head = True/m);
  });

  it('builds the dataset the aligned recipe trains on', () => {
    const dataDir = /^data_dir = '([^']+)'/m.exec(recipe('aligned').text)?.[1];
    expect(recipe('aligned').datasetCommand).toMatch(new RegExp(`^npm run dataset:build -- --out ${dataDir!.replace(/\./g, '\\.')} `));
    expect(recipe('baseline').datasetCommand).toBeNull(); // the baseline starts from the aligned file
  });

  it('gives commands that train each recipe file and export where it writes', () => {
    const commands = reproduceCommands(recipes).split('\n');
    expect(commands).toContain(recipe('aligned').datasetCommand);
    expect(commands).toContain('OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=training/config/baseline.py &');
    expect(commands).toContain('/usr/bin/python3 training/export.py --ckpt=out/aligned/ckpt.pt --id=aligned');
    expect(commands.join('\n')).not.toMatch(/--(geo_features|pool_head|family_mix|mix_floor|data_dir)=/); // no copy of the recipe
  });

  it('refuses a recipe without out_dir and recipes without a dataset command', () => {
    const root = mkdtempSync(join(tmpdir(), 'recipes-'));
    try {
      mkdirSync(join(root, 'training', 'config'), { recursive: true });
      for (const family of ['aligned', 'baseline']) writeFileSync(join(root, 'training', 'config', `${family}.py`), `out_dir = 'out/${family}'\n`);
      expect(() => reproduceCommands(readRecipes(root))).toThrow(RecipeError);
      writeFileSync(join(root, 'training', 'config', 'baseline.py'), "seed = 2\n");
      expect(() => readRecipes(root)).toThrow(/training\/config\/baseline\.py: no out_dir/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
