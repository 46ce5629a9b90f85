import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { objectBoxes } from '@/lib/core/world/boxes';
import { renderScene } from '@/lib/core/world/render';
import { COLOR_NAME, COLOR_NAMES, SHAPES, type Scene } from '@/lib/core/world/types';
import type { ImageInput } from '@/lib/core/model/batch';
import { boxFeatures, cropObjects, MAX_OBJECTS, rgbFromRgba } from '@/lib/browser/preprocess';

/** An image's model input plus its objects' ground-truth classes (for training and metrics, never for the model). */
export interface SceneInput extends ImageInput {
  colors: number[];
  shapes: number[];
}

/** Node path of the shipped preprocessing: render → object boxes → crop-and-resize (tfjs CPU backend). */
export async function selectCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
}

/** Null when the scene has more objects than the model takes. Call `selectCpuBackend()` once first. */
export function sceneInput(scene: Scene): SceneInput | null {
  const objects = scene.flat();
  if (objects.length > MAX_OBJECTS) return null;
  const boxes = objectBoxes(scene);
  const raster = renderScene(scene);
  const crops = cropObjects(rgbFromRgba(raster.data, raster.width, raster.height), boxes);
  const input = {
    crops: crops.dataSync() as Float32Array,
    boxes: boxFeatures(boxes),
    count: objects.length,
    colors: objects.map((o) => COLOR_NAMES.indexOf(COLOR_NAME[o.color])),
    shapes: objects.map((o) => SHAPES.indexOf(o.type)),
  };
  crops.dispose();
  return input;
}
