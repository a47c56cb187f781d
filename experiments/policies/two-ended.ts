/**
 * An example placement policy ("two-ended" packing), in FIFO order: jobs of at most a quarter
 * of a node fill nodes from the last one backwards (the fullest that holds them first); larger
 * jobs take whole idle nodes from the first one forwards, or failing that the fullest node
 * that holds them. Small jobs then rarely scatter over the nodes that large gangs need whole.
 * Used with `placement: { strategy: policy }` (experiments/gpu-placement.yaml).
 */
import { fifo, type PlacementRequest } from 'pipesim';

function place({ units, nodes, maxNodes }: PlacementRequest): number[] | undefined {
  const share = nodes.map(() => 0);
  const largest = Math.max(...nodes.map((n) => n.units));
  if (units * 4 <= largest) {
    // From the back: the fullest node that holds the job, the later one on ties.
    let best = -1;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const free = nodes[i]!.free;
      if (free >= units && (best < 0 || free < nodes[best]!.free)) best = i;
    }
    if (best < 0) return undefined;
    share[best] = units;
    return share;
  }
  // From the front: whole idle nodes, as few as the job needs.
  let left = units;
  let used = 0;
  for (let i = 0; i < nodes.length && left > 0 && used < maxNodes; i++) {
    const node = nodes[i]!;
    if (!node.up || node.free !== node.units) continue;
    share[i] = Math.min(left, node.free);
    left -= share[i]!;
    used++;
  }
  if (left === 0) return share;
  // No whole nodes to spare: a job that fits on one node takes the fullest that holds it.
  share.fill(0);
  let best = -1;
  nodes.forEach((node, i) => {
    if (node.free >= units && (best < 0 || node.free < nodes[best]!.free)) best = i;
  });
  if (best < 0) return undefined;
  share[best] = units;
  return share;
}

export default { ...fifo, name: 'two-ended', place };
