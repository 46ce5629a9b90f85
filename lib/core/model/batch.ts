import { MAX_TOKENS } from '@/lib/core/text/tokenizer';
import { CROP_SIZE, MAX_OBJECTS } from '@/lib/core/io';

/** One image's preprocessed objects: crops [n, 3, S, S] in [0, 1] and box features [n, 4]. */
export interface ImageInput {
  crops: Float32Array;
  boxes: Float32Array;
  count: number;
}

export interface PairInput {
  ids: readonly number[];
  attentionMask: readonly number[];
  images: readonly [ImageInput, ImageInput];
}

export interface Feed {
  data: BigInt64Array | Float32Array;
  dims: number[];
}

/** Model I/O v1 inputs for a batch of pairs, as plain typed arrays (the caller wraps them for its runtime). */
export function batchFeeds(pairs: readonly PairInput[]): Record<string, Feed> {
  const B = pairs.length;
  const T = MAX_TOKENS;
  const O = MAX_OBJECTS;
  const S = CROP_SIZE;
  const cropSize = 3 * S * S;
  const ids = new BigInt64Array(B * T);
  const mask = new BigInt64Array(B * T);
  const crops = new Float32Array(B * 2 * O * cropSize);
  const boxes = new Float32Array(B * 2 * O * 4);
  const objectMask = new BigInt64Array(B * 2 * O);
  pairs.forEach((pair, b) => {
    for (let t = 0; t < T; t++) {
      ids[b * T + t] = BigInt(pair.ids[t] ?? 0);
      mask[b * T + t] = BigInt(pair.attentionMask[t] ?? 0);
    }
    pair.images.forEach((image, i) => {
      const slot = (b * 2 + i) * O;
      if (image.count > O) throw new RangeError(`an image has ${image.count} objects; the model takes at most ${O}`);
      crops.set(image.crops.subarray(0, image.count * cropSize), slot * cropSize);
      boxes.set(image.boxes.subarray(0, image.count * 4), slot * 4);
      objectMask.fill(1n, slot, slot + image.count);
    });
  });
  return {
    input_ids: { data: ids, dims: [B, T] },
    attention_mask: { data: mask, dims: [B, T] },
    object_crops: { data: crops, dims: [B, 2, O, 3, S, S] },
    object_boxes: { data: boxes, dims: [B, 2, O, 4] },
    object_mask: { data: objectMask, dims: [B, 2, O] },
  };
}
