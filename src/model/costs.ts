/**
 * A run's costs (`cost:`), added to its metrics so that they are aggregated, compared and
 * reported like every other metric: provisioned capacity (price per unit-hour × capacity ×
 * measured hours), energy (price per busy unit-hour × busy unit-hours), SLA penalties (per
 * measured pipeline whose wait exceeded `sla.wait`, finished or still waiting at the horizon)
 * and staleness (price per model-day below the quality threshold). All over the measured
 * horizon (after warm-up); metric keys appear only when `cost:` is set.
 */
import type { CostSpec } from '../config/schema.js';
import type { MetricMap } from '../core/records.js';

/** What the costs are computed from, besides the metrics already in the map. */
export interface CostInputs {
  pools: readonly { name: string; capacity: number }[];
  measuredSeconds: number;
  /** Measured pipelines whose wait exceeded the SLA threshold. */
  slaBreaches: number;
  /** Model-seconds below the quality threshold (0 without `quality:`). */
  modelSecondsBelow: number;
}

export function addCosts(spec: CostSpec, metrics: MetricMap, inputs: CostInputs): void {
  const hours = inputs.measuredSeconds / 3600;
  let capacity = 0;
  let energy = 0;
  for (const pool of inputs.pools) {
    const price = spec.pools[pool.name];
    if (!price) continue;
    capacity += price.unitHour * pool.capacity * hours;
    if (price.busyUnitHour > 0) energy += price.busyUnitHour * (metrics[`pool.${pool.name}.utilisation`] as number) * pool.capacity * hours;
  }
  const sla = spec.sla ? spec.sla.penalty * inputs.slaBreaches : 0;
  const staleness = spec.staleness ? (spec.staleness.perModelDay * inputs.modelSecondsBelow) / 86400 : 0;
  metrics['cost.capacity'] = capacity;
  metrics['cost.energy'] = energy;
  metrics['cost.sla'] = sla;
  metrics['cost.staleness'] = staleness;
  metrics['cost.total'] = capacity + energy + sla + staleness;
  if (spec.sla) metrics['sla.breaches'] = inputs.slaBreaches;
}
