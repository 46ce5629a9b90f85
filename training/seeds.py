"""
One table of finished runs, one row per run and a mean ± std row per family: the run's budget, its
selected checkpoint, NLVR val and test-P figures (from its metrics.json, as the trainer measured them) and
a synthetic held-out split, `synval` by default or `synnear` (measured here with evaluate.py, as training never sees it);
for runs that trained head 0 of the attention (attn_sup > 0), test-P alignment over the other heads as well.

  /usr/bin/python3 training/seeds.py --runs=out/r4 --data_dir=.data/dataset
Prints Markdown to stdout, and the rows as JSON to --json_out when given. --split= (empty) skips the
synthetic measurement; runs without a test split (probes) show — there. --previous= names an earlier --json_out
whose rows join the table (a run found in --runs replaces its earlier row), for seeds trained on other machines:
  /usr/bin/python3 training/seeds.py --runs=out/r19-aligned --split= --previous=models/aligned/seeds.json \
      --json_out=models/aligned/seeds.json
"""

import glob
import json
import os
import sys

import numpy as np

import evaluate
from configurator import apply_overrides
from metrics import cross_layers

DEFAULTS = {'runs': 'out/r4', 'data_dir': '.data/dataset', 'split': 'synval', 'json_out': '', 'previous': ''}
COLUMNS = [  # (header, key, as a percentage)
    ('stage-2 steps', 'steps', False), ('selected step', 'step', False),
    ('val image', 'val_image', True), ('test-P image', 'test_image', True), ('test-P pair', 'test_pair', True),
    ('test-P consistency', 'test_consistency', True), ('{split} image', 'syn_image', True),
    ('{split} pair', 'syn_pair', True), ('test-P alignment precision by cross layer', 'test_align', False),
    ('the same, heads no loss trains', 'test_align_free', False)]


def attn_sup(run_dir):
    """The attention loss's weight the run trained with, as its log.jsonl's start event records it."""
    with open(os.path.join(run_dir, 'log.jsonl')) as f:
        start = next(r for r in map(json.loads, f) if r.get('event') == 'start')
    return start['config'].get('attn_sup', 0.0)


def row(run_dir, data_dir, split):
    """A run's figures; those of a split it was not measured on (no test split, or split='') are None."""
    with open(os.path.join(run_dir, 'metrics.json')) as f:
        m = json.load(f)
    r = {'run': os.path.basename(run_dir), 'family': m['family'], 'minutes': m['minutes'], 'steps': m['steps'],
         'step': m['step'], 'val_image': m['val']['image_acc'], 'test_image': None, 'test_pair': None,
         'test_consistency': None, 'syn_image': None, 'syn_pair': None, 'test_align': None, 'test_align_free': None}
    if 'test' in m:
        test = m['test']
        r.update(test_image=test['image_acc'], test_pair=test['pair_acc'], test_consistency=test['consistency'],
                 test_align=cross_layers(test['align_precision']))
        if attn_sup(run_dir) > 0:  # head 0 was trained toward the targets: the other heads are where alignment can emerge
            r['test_align_free'] = cross_layers(test['align_precision_other_heads'])
    if split:
        syn = evaluate.run([f'--ckpt={os.path.join(run_dir, "ckpt.pt")}', f'--data_dir={data_dir}', f'--split={split}'])
        r.update(syn_image=syn['image_acc'], syn_pair=syn['pair_acc'])
    return r


def cell(values, percent):
    if any(v is None for v in values):
        return '—'
    if isinstance(values[0], list):  # one figure per layer, each as a cell of its own
        return ' / '.join(cell([v[i] for v in values], percent) for i in range(len(values[0])))
    scale, unit, digits = (100.0, ' %', 1) if percent else (1.0, '', 3 if max(values) < 1 else 0)
    mean = scale * float(np.mean(values))
    if len(values) == 1:
        return f'{mean:,.{digits}f}{unit}'
    return f'{mean:,.{digits}f} ± {scale * float(np.std(values, ddof=1)):,.{digits}f}{unit}'


def table(rows, split):
    """Markdown; the synthetic columns are named after the split measured (none when split is empty)."""
    lines = ['| run | minutes | ' + ' | '.join(h.format(split=split or 'synthetic') for h, _, _ in COLUMNS) + ' |',
             '|---|---|' + '---|' * len(COLUMNS)]
    for r in rows:
        lines.append(f"| {r['run']} | {r['minutes']:.1f} | " +
                     ' | '.join(cell([r[k]], p) for _, k, p in COLUMNS) + ' |')
    for family in sorted({r['family'] for r in rows}):
        group = [r for r in rows if r['family'] == family]
        if len(group) > 1:
            lines.append(f'| **{family}, mean ± std of {len(group)}** | | ' +
                         ' | '.join(cell([r[k] for r in group], p) for _, k, p in COLUMNS) + ' |')
    return '\n'.join(lines)


def main(argv):
    c = apply_overrides(argv, dict(DEFAULTS))
    dirs = sorted(d for d in glob.glob(os.path.join(c['runs'], '*')) if os.path.isfile(os.path.join(d, 'metrics.json')))
    if not dirs:
        raise SystemExit(f"{c['runs']}: no finished run (a folder with metrics.json)")
    rows = [row(d, c['data_dir'], c['split']) for d in dirs]
    if c['previous']:
        measured = {r['run'] for r in rows}
        with open(c['previous']) as f:
            rows = [r for r in json.load(f) if r['run'] not in measured] + rows
    if c['json_out']:
        with open(c['json_out'], 'w') as f:
            json.dump(rows, f, indent=2)
    print(table(rows, c['split']))


if __name__ == '__main__':
    main(sys.argv[1:])
