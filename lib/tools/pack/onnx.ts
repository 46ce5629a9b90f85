import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The parts of ONNX's protobuf schema (lib/tools/pack/onnx.proto, onnx 1.12) the packer reads and writes,
 * as plain objects: int64 fields as numbers, bytes as Uint8Array, absent fields left out.
 * Encoding writes fields in field-number order, so equal objects give equal bytes.
 */
export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  dataLocation?: number;
  externalData?: { key: string; value: string }[];
  [field: string]: unknown;
}

export interface AttributeProto {
  name: string;
  type: number;
  i?: number;
  [field: string]: unknown;
}

export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: AttributeProto[];
  [field: string]: unknown;
}

export interface GraphProto {
  node: NodeProto[];
  initializer: TensorProto[];
  [field: string]: unknown;
}

export interface ModelProto {
  opsetImport: { domain?: string; version: number }[];
  graph: GraphProto;
  [field: string]: unknown;
}

/** TensorProto.DataType values the packer uses. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3 } as const;
/** AttributeProto.AttributeType values the packer uses. */
export const AttributeType = { INT: 2 } as const;
export const EXTERNAL = 1;

let modelType: protobuf.Type | undefined;

function schema(): protobuf.Type {
  modelType ??= protobuf.loadSync(fileURLToPath(new URL('./onnx.proto', import.meta.url))).lookupType('onnx.ModelProto');
  return modelType;
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = schema();
  const model = type.toObject(type.decode(bytes), { longs: Number, arrays: true }) as ModelProto;
  if (!model.graph) throw new Error('not an ONNX model: no graph');
  model.graph.initializer ??= [];
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const type = schema();
  return type.encode(type.fromObject(model)).finish();
}

/** Float32 weights of an initializer stored as raw little-endian bytes (how PyTorch exports them). */
export function floatData(tensor: TensorProto): Float32Array {
  if (tensor.dataType !== DataType.FLOAT || !tensor.rawData) throw new Error(`${tensor.name}: expected float32 raw_data`);
  const raw = tensor.rawData;
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

export function rawTensor(name: string, dims: readonly number[], dataType: number, data: ArrayBufferView): TensorProto {
  return { name, dims: [...dims], dataType, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}
