import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { SceneInput } from '@/lib/tools/model/scene-input';

/** Fields of one split of the dataset format tob-dataset/1 (training/README.md), each a little-endian file. */
const FIELDS = ['ids', 'image_label', 'pair_label', 'obj_offset', 'obj_count', 'crops', 'boxes', 'obj_color', 'obj_shape'] as const;
type Field = (typeof FIELDS)[number];

export interface PairRecord {
  ids: number[];
  imageLabels: [boolean, boolean];
  pairLabel: boolean;
  /** Per image: crops [n, 3, S, S] in [0, 1], boxes [n, 4], ground-truth colour and shape indices. */
  images: [SceneInput, SceneInput];
  meta: { id: string; presentation: string; source: string; family?: string };
}

/** Streams one split to disk so a large dataset never has to fit in memory at once. */
export class SplitWriter {
  private readonly streams: Record<Field, WriteStream>;
  private readonly metaStream: WriteStream;
  pairs = 0;
  objects = 0;

  constructor(dir: string, readonly name: string) {
    this.streams = Object.fromEntries(FIELDS.map((f) => [f, createWriteStream(join(dir, `${name}.${f}.bin`))])) as Record<Field, WriteStream>;
    this.metaStream = createWriteStream(join(dir, `${name}.meta.jsonl`));
  }

  private async write(field: Field, bytes: ArrayBufferView) {
    const stream = this.streams[field];
    if (!stream.write(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))) await once(stream, 'drain');
  }

  async add(pair: PairRecord) {
    const offsets = new Int32Array(2);
    const counts = new Uint8Array(2);
    for (const [i, image] of pair.images.entries()) {
      offsets[i] = this.objects;
      counts[i] = image.colors.length;
      this.objects += image.colors.length;
      // value = round(255·x): the crops are stored as bytes and divided by 255 by the reader.
      await this.write('crops', Uint8Array.from(image.crops, (x) => Math.round(255 * x)));
      await this.write('boxes', image.boxes);
      await this.write('obj_color', Uint8Array.from(image.colors));
      await this.write('obj_shape', Uint8Array.from(image.shapes));
    }
    await this.write('ids', Int32Array.from(pair.ids));
    await this.write('image_label', Uint8Array.from(pair.imageLabels, Number));
    await this.write('pair_label', Uint8Array.of(Number(pair.pairLabel)));
    await this.write('obj_offset', offsets);
    await this.write('obj_count', counts);
    if (!this.metaStream.write(`${JSON.stringify(pair.meta)}\n`)) await once(this.metaStream, 'drain');
    this.pairs++;
  }

  async close() {
    await Promise.all([...Object.values(this.streams), this.metaStream].map((s) => new Promise((r) => s.end(r))));
    return { pairs: this.pairs, objects: this.objects };
  }
}
