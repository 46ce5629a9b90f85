import { concreteShape, MODEL_IO, type TensorIo } from '@/lib/core/io';

/**
 * Model I/O v1 (lib/core/io, docs/MODEL-CONTRACT.md) as a check a bring-your-own model must pass
 * before it runs. `B` is the batch: any symbolic dimension, or 1 (the page runs one pair at a time).
 */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

type Dim = number | 'B';

interface TensorSpec {
  name: string;
  type: 'int64' | 'float32';
  shape: readonly Dim[];
}

const toSpec = (t: TensorIo): TensorSpec => ({
  name: t.name,
  type: t.type,
  shape: concreteShape(t.shape).map((d) => {
    if (typeof d === 'number' || d === 'B') return d;
    throw new Error(`Model I/O v1: ${t.name} has the symbolic dimension ${d}, which the check cannot compare`);
  }),
});
const output = (name: string) => toSpec(MODEL_IO.outputs.find((o) => o.name === name)!);

export const CONTRACT_INPUTS: readonly TensorSpec[] = MODEL_IO.inputs.map(toSpec);

/** `pair_logits` is required; `image_logits`, when given, gives the per-image verdicts. Other outputs are ignored. */
export const PAIR_LOGITS: TensorSpec = output('pair_logits');
export const IMAGE_LOGITS: TensorSpec = output('image_logits');

/** onnxruntime-web's `InferenceSession.inputMetadata` / `outputMetadata` entry (1.30). */
export type ValueMetadata = { name: string; isTensor: false } | { name: string; isTensor: true; type: string; shape: readonly (number | string)[] };

export interface ContractReport {
  problems: string[];
  /** The model gives per-image verdicts (`image_logits`); without it, an image's verdict is the pair verdict of the image with itself. */
  imageLogits: boolean;
}

const showShape = (shape: readonly (number | string)[]) => `[${shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d ? d : '?')).join(', ')}]`;
const showSpec = (spec: TensorSpec) => `${spec.type} [${spec.shape.join(', ')}]`;

function checkTensor(kind: 'input' | 'output', spec: TensorSpec, meta: ValueMetadata): string[] {
  if (!meta.isTensor) return [`${kind} ${spec.name} is not a tensor; expected ${showSpec(spec)}`];
  const problems: string[] = [];
  if (meta.type !== spec.type) problems.push(`${kind} ${spec.name} is ${meta.type}; expected ${spec.type}`);
  // An empty shape means the model does not declare one: it is checked when it runs.
  if (meta.shape.length === 0) return problems;
  if (meta.shape.length !== spec.shape.length) {
    problems.push(`${kind} ${spec.name} has shape ${showShape(meta.shape)} (rank ${meta.shape.length}); expected ${showSpec(spec)} (rank ${spec.shape.length})`);
    return problems;
  }
  spec.shape.forEach((want, axis) => {
    const got = meta.shape[axis]!;
    if (typeof got !== 'number' || got < 0) return; // symbolic: accepts what we feed
    if (want === 'B' ? got !== 1 : got !== want) {
      problems.push(`${kind} ${spec.name} has ${got} at axis ${axis} of ${showShape(meta.shape)}; expected ${want === 'B' ? 'a symbolic batch (or 1)' : want} (${showSpec(spec)})`);
    }
  });
  return problems;
}

/** Every way the model's declared inputs and outputs differ from Model I/O v1; no problems means it can run. */
export function checkContract(inputs: readonly ValueMetadata[], outputs: readonly ValueMetadata[]): ContractReport {
  const problems: string[] = [];
  const byName = (list: readonly ValueMetadata[]) => new Map(list.map((m) => [m.name, m]));
  const ins = byName(inputs);
  for (const spec of CONTRACT_INPUTS) {
    const meta = ins.get(spec.name);
    if (!meta) problems.push(`missing input ${spec.name}: ${showSpec(spec)}`);
    else problems.push(...checkTensor('input', spec, meta));
  }
  const known = new Set(CONTRACT_INPUTS.map((s) => s.name));
  for (const meta of inputs) {
    if (!known.has(meta.name)) problems.push(`unexpected input ${meta.name}: Model I/O v1 feeds only ${[...known].join(', ')}`);
  }
  const outs = byName(outputs);
  const pair = outs.get(PAIR_LOGITS.name);
  if (!pair) problems.push(`missing output pair_logits: ${showSpec(PAIR_LOGITS)} (false / true of both); the model has ${outputs.map((o) => o.name).join(', ') || 'no outputs'}`);
  else problems.push(...checkTensor('output', PAIR_LOGITS, pair));
  const image = outs.get(IMAGE_LOGITS.name);
  if (image) problems.push(...checkTensor('output', IMAGE_LOGITS, image));
  return { problems, imageLogits: Boolean(image) };
}

export { ContractError } from './contract-error';

/** What a failed `InferenceSession.create` on the visitor's file means, in words. */
export function describeLoadFailure(message: string): string {
  if (/protobuf parsing failed|ModelProto|Failed to load model/i.test(message)) {
    return 'This file is not an ONNX model: it does not parse as an ONNX ModelProto.';
  }
  return `onnxruntime-web could not load this model: ${message}`;
}

export function checkModelSize(bytes: number): string | null {
  if (bytes === 0) return 'This file is empty.';
  if (bytes > MAX_MODEL_BYTES) return `This file is ${(bytes / 2 ** 20).toFixed(1)} MiB; the limit is ${MAX_MODEL_BYTES / 2 ** 20} MiB.`;
  return null;
}
