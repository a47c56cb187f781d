/**
 * Pipeline structures compiled from YAML into flat DAGs: each node is one task (fan-out copies
 * become separate nodes), with its kind, its number of predecessors and its successors.
 */
import type { Scenario } from '../config/schema.js';

/** One pipeline structure as a DAG of task nodes in topological-input order. */
export interface CompiledStructure {
  readonly name: string;
  /** Task kind index per node. */
  readonly kind: Int32Array;
  /** Number of predecessors per node (a node is ready when all have finished). */
  readonly predecessors: Int32Array;
  /** Successor node indices per node. */
  readonly successors: readonly Int32Array[];
  /** YAML task name per node (fan-out copies share it). */
  readonly taskName: readonly string[];
}

/** Compiles every structure; `kindIndex` maps a task-kind name to its index. */
export function compileStructures(workload: Scenario['workload'], kindIndex: ReadonlyMap<string, number>): CompiledStructure[] {
  return Object.entries(workload.structures).map(([name, structure]) => {
    const nodesOf = new Map<string, number[]>();
    const kinds: number[] = [];
    const taskNames: string[] = [];
    for (const [taskName, task] of Object.entries(structure.tasks)) {
      const nodes: number[] = [];
      for (let copy = 0; copy < task.fanOut; copy++) {
        nodes.push(kinds.length);
        kinds.push(kindIndex.get(task.kind) as number);
        taskNames.push(taskName);
      }
      nodesOf.set(taskName, nodes);
    }
    const predecessors = new Int32Array(kinds.length);
    const successors: number[][] = kinds.map(() => []);
    for (const [taskName, task] of Object.entries(structure.tasks)) {
      for (const node of nodesOf.get(taskName) as number[]) {
        for (const dep of task.after) {
          for (const depNode of nodesOf.get(dep) as number[]) {
            predecessors[node] = (predecessors[node] as number) + 1;
            (successors[depNode] as number[]).push(node);
          }
        }
      }
    }
    return { name, kind: Int32Array.from(kinds), predecessors, successors: successors.map((s) => Int32Array.from(s)), taskName: taskNames };
  });
}
