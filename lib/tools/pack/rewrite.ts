import type { Variant } from '@/lib/core/model/manifest';
import { AttributeType, DataType, floatData, rawTensor, type ModelProto, type NodeProto, type TensorProto } from './onnx';
import { quantizeBlockwise4, quantizeInt8PerChannel } from './quantize';

export const MS_DOMAIN = 'com.microsoft';
export const DEFAULT_BLOCK_SIZE = 16;

interface Use {
  node: NodeProto;
  index: number;
}

const intAttribute = (node: NodeProto, name: string, fallback: number) => node.attribute?.find((a) => a.name === name)?.i ?? fallback;

/**
 * The axis of the output channels of a weight as one node uses it (one scale each), or null when the use
 * is not a weight this packer quantizes: MatMul B [K, N] → 1; Gemm B → 0 with transB, else 1;
 * Conv W [M, C, kh, kw] → 0; a Gather table [V, d] (axis 0) → 0, one scale per row.
 */
function channelAxis({ node, index }: Use, rank: number): number | null {
  if (node.domain) return null;
  if (node.opType === 'MatMul' && index === 1 && rank === 2) return 1;
  if (node.opType === 'Gemm' && index === 1) return intAttribute(node, 'transB', 0) ? 0 : 1;
  if (node.opType === 'Conv' && index === 1) return 0;
  if (node.opType === 'Gather' && index === 0 && intAttribute(node, 'axis', 0) === 0) return 0;
  return null;
}

function dequantizeNode(name: string, axis: number): NodeProto {
  return {
    input: [`${name}_quantized`, `${name}_scale`],
    output: [name],
    name: `${name}_DequantizeLinear`,
    opType: 'DequantizeLinear',
    attribute: [{ name: 'axis', type: AttributeType.INT, i: axis }],
  };
}

function matMulNBits(node: NodeProto, name: string, K: number, N: number, blockSize: number): NodeProto {
  const ints = (n: string, i: number) => ({ name: n, type: AttributeType.INT, i });
  return {
    input: [node.input[0]!, `${name}_q4`, `${name}_q4_scales`],
    output: node.output,
    name: `${node.name ?? name}_MatMulNBits`,
    opType: 'MatMulNBits',
    domain: MS_DOMAIN,
    attribute: [ints('K', K), ints('N', N), ints('bits', 4), ints('block_size', blockSize)],
  };
}

/**
 * Weight-only quantization of an fp32 graph, in place.
 * - `int8`: every float weight of rank ≥ 2 that feeds MatMul/Gemm/Conv (as the weight) or Gather (as the table)
 *   becomes int8 with one scale per output channel, and a DequantizeLinear (opset 13+ `axis`) that recreates
 *   the float tensor under its old name, so the consumers are unchanged and the activations stay float.
 * - `q4`: MatMul weights of at least Q4_MIN_K × Q4_MIN_N become com.microsoft MatMulNBits (4 bits, `blockSize`
 *   along K); the other weights as int8.
 * - `fp32`: unchanged.
 * Never MatMulInteger or DynamicQuantizeLinear: those run on the CPU, not on WebGPU.
 */
/**
 * Smaller MatMul weights stay int8 in `q4`: 4 bits save them almost nothing, and they are where 4-bit error
 * hurts most (the count projection reads n_head inputs; the verdict head writes 2 outputs).
 */
const Q4_MIN_K = 32;
const Q4_MIN_N = 16;

export function quantizeGraph(model: ModelProto, variant: Variant, blockSize = DEFAULT_BLOCK_SIZE): void {
  if (variant === 'fp32') return;
  const graph = model.graph;
  const uses = new Map<string, Use[]>();
  for (const node of graph.node) {
    node.input.forEach((input, index) => uses.set(input, [...(uses.get(input) ?? []), { node, index }]));
  }
  const graphInputs = new Set((graph.input as { name: string }[] | undefined)?.map((i) => i.name));
  const initializers: TensorProto[] = [];
  const dequantize: NodeProto[] = [];
  const replaced = new Map<NodeProto, NodeProto>();
  for (const tensor of graph.initializer) {
    const tensorUses = uses.get(tensor.name) ?? [];
    const rank = tensor.dims.length;
    const eligible = tensor.dataType === DataType.FLOAT && rank >= 2 && tensorUses.length > 0 && !graphInputs.has(tensor.name);
    const axes = eligible ? tensorUses.map((u) => channelAxis(u, rank)) : [null];
    if (!eligible || axes.some((a) => a === null || a !== axes[0])) {
      initializers.push(tensor);
      continue;
    }
    const weights = floatData(tensor);
    const [K = 0, N = 0] = tensor.dims as number[];
    if (variant === 'q4' && tensorUses.every((u) => u.node.opType === 'MatMul') && K >= Q4_MIN_K && N >= Q4_MIN_N) {
      const q = quantizeBlockwise4(weights, K, N, blockSize);
      initializers.push(
        rawTensor(`${tensor.name}_q4`, [N, q.blocks, blockSize / 2], DataType.UINT8, q.packed),
        rawTensor(`${tensor.name}_q4_scales`, [N * q.blocks], DataType.FLOAT, q.scales),
      );
      for (const u of tensorUses) replaced.set(u.node, matMulNBits(u.node, tensor.name, K, N, blockSize));
      continue;
    }
    const axis = axes[0]!;
    const q = quantizeInt8PerChannel(weights, tensor.dims, axis);
    initializers.push(
      rawTensor(`${tensor.name}_quantized`, tensor.dims, DataType.INT8, q.values),
      rawTensor(`${tensor.name}_scale`, [tensor.dims[axis]!], DataType.FLOAT, q.scales),
    );
    dequantize.push(dequantizeNode(tensor.name, axis));
  }
  graph.initializer = initializers;
  // The DequantizeLinear nodes read only initializers, so they may run first.
  graph.node = [...dequantize, ...graph.node.map((n) => replaced.get(n) ?? n)];
  if (replaced.size > 0 && !model.opsetImport.some((o) => o.domain === MS_DOMAIN)) model.opsetImport.push({ domain: MS_DOMAIN, version: 1 });
}
