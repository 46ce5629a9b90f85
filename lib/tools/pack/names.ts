import type { ModelProto } from './onnx';

/**
 * Shrinks the graph a browser downloads: drops node names and gives every weight and intermediate value a
 * short name (`_0`, `_1`, … in base 36, in order of first appearance), keeping the graph's input and output
 * names. PyTorch's names (`/lang_layers.0/attn/Softmax_output_0`) are about a tenth of an int8 model's bytes.
 * Graphs with subgraphs (If, Loop) are left as they are: their bodies may name outer values.
 */
export function compactNames(model: ModelProto): void {
  const graph = model.graph;
  if (graph.node.some((n) => n.attribute?.some((a) => a.g || (Array.isArray(a.graphs) && a.graphs.length > 0)))) return;
  const io = (list: unknown) => ((list as { name: string }[] | undefined) ?? []).map((v) => v.name);
  const kept = new Set([...io(graph.input), ...io(graph.output)]);
  const renamed = new Map<string, string>();
  const rename = (name: string) => {
    if (name === '' || kept.has(name)) return name;
    let short = renamed.get(name);
    if (short === undefined) {
      short = `_${renamed.size.toString(36)}`;
      renamed.set(name, short);
    }
    return short;
  };
  for (const tensor of graph.initializer) tensor.name = rename(tensor.name);
  for (const node of graph.node) {
    delete node.name;
    node.input = node.input.map(rename);
    node.output = node.output.map(rename);
  }
  graph.valueInfo = [];
}
