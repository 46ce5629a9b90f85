import { CONTRACT_INPUTS, PAIR_LOGITS } from '@/lib/core/model/contract';
import { encodeModel, type ModelProto } from './onnx';

/**
 * The minimal Model I/O v1 model of docs/MODEL-CONTRACT.md, built without Python: it takes the five
 * inputs and gives `pair_logits` = [-m, m], m the mean of `object_boxes` — "true of both" whenever the
 * images have objects. `wrongInputsModel` is the same graph over one `pixel_values` input, for the tests.
 */
const ELEM = { float32: 1, int64: 7 } as const;
const OPSET = 17;

const valueInfo = (name: string, type: 'float32' | 'int64', shape: readonly (number | string)[]) => ({
  name,
  type: { tensorType: { elemType: ELEM[type], shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

function model(inputs: { name: string; type: 'float32' | 'int64'; shape: readonly (number | string)[] }[], reduced: string): Uint8Array {
  const ints = (name: string, values: number[]) => ({ name, type: 7, ints: values });
  const int = (name: string, value: number) => ({ name, type: 2, i: value });
  const proto: ModelProto = {
    irVersion: 8,
    producerName: 'true-of-both example',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'example',
      node: [
        { opType: 'ReduceMean', input: [reduced], output: ['m4'], attribute: [ints('axes', [1, 2, 3]), int('keepdims', 1)] },
        { opType: 'Flatten', input: ['m4'], output: ['m'], attribute: [int('axis', 1)] },
        { opType: 'Neg', input: ['m'], output: ['neg'] },
        { opType: 'Concat', input: ['neg', 'm'], output: [PAIR_LOGITS.name], attribute: [int('axis', 1)] },
      ],
      initializer: [],
      input: inputs.map((i) => valueInfo(i.name, i.type, i.shape)),
      output: [valueInfo(PAIR_LOGITS.name, 'float32', ['batch', 2])],
    },
  };
  return encodeModel(proto);
}

export function exampleModel(): Uint8Array {
  return model(
    CONTRACT_INPUTS.map((spec) => ({ ...spec, shape: spec.shape.map((d) => (d === 'B' ? 'batch' : d)) })),
    'object_boxes',
  );
}

export function wrongInputsModel(): Uint8Array {
  return model([{ name: 'pixel_values', type: 'float32', shape: ['batch', 3, 224, 224] }], 'pixel_values');
}
