import { join } from 'node:path';
import { NlvrImportError, type NlvrExample } from '@/lib/core/world/nlvr';
import { readNlvrBytes } from '@/lib/server/nlvr-files';
import { decodePng } from '@/lib/server/png';
import { recoverScene, RecoveryError } from '@/lib/core/world/recover';

/**
 * NLVR's 1,000-example training sample (train-examples.html and train-examples-images/, see
 * ../shared/data/nlvr1/README.md): a sentence, a label and a PNG each, no structured representation.
 * The scenes are recovered from the PNGs (recover.ts), each checked by rendering it back.
 */

/** The fold of a training-sample example: NLVR's training split has no dev fold. */
export const TRAIN_SAMPLE_FOLD = -1;

export interface SampleEntry {
  /** The PNG's file name, "train-n-m-k.png": presentation n, position m, box permutation k. */
  file: string;
  presentation: number;
  position: number;
  sentence: string;
  label: boolean;
}

const ENTRY = /<img src="[^"]*\/(train-(\d+)-([0-3])-([0-5])\.png)"\s*\/><br \/>(.*?)<br \/>(true|false)<br \/>/;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Every example of train-examples.html, one `<img>` line each; a line that names an image but does not parse throws. */
export function parseTrainSample(html: string, fileName: string): SampleEntry[] {
  const entries: SampleEntry[] = [];
  html.split('\n').forEach((raw, index) => {
    if (!raw.includes('<img')) return;
    const m = ENTRY.exec(raw);
    if (!m) throw new NlvrImportError(fileName, index + 1, 'expected <img src=".../train-n-m-k.png"/><br />sentence<br />true|false<br />');
    const sentence = m[5]!.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!).trim();
    if (!sentence) throw new NlvrImportError(fileName, index + 1, 'empty sentence');
    entries.push({ file: m[1]!, presentation: Number(m[2]), position: Number(m[3]), sentence, label: m[6] === 'true' });
  });
  if (entries.length === 0) throw new NlvrImportError(fileName, null, 'no examples');
  return entries;
}

/** The training sample as examples whose scenes are read off their images (each image's own box order). */
export async function readTrainSample(nlvrDir: string): Promise<NlvrExample[]> {
  const page = join(nlvrDir, 'train-examples.html');
  const examples: NlvrExample[] = [];
  for (const e of parseTrainSample((await readNlvrBytes(page)).toString('utf8'), page)) {
    const file = join(nlvrDir, 'train-examples-images', e.file);
    const png = await readNlvrBytes(file, 'image');
    try {
      const scene = recoverScene(decodePng(png));
      const { presentation, position, sentence, label } = e;
      examples.push({ identifier: `${presentation}-${position}`, presentation, position, sentence, label, fold: TRAIN_SAMPLE_FOLD, scene });
    } catch (error) {
      if (error instanceof RecoveryError) throw new NlvrImportError(file, null, error.message);
      throw error;
    }
  }
  return examples;
}
