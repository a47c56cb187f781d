/**
 * Nelder–Mead simplex minimisation (standard coefficients). Written here because the small
 * npm package for it (fmin 0.0.4) throws in its shrink step; the fits need only a few
 * dimensions, where this method is robust without gradients.
 */
export interface Minimum { x: number[]; fx: number }

export function nelderMead(f: (x: number[]) => number, start: number[], options: { maxIterations?: number; tolerance?: number; step?: number } = {}): Minimum {
  const dims = start.length;
  const maxIterations = options.maxIterations ?? 200 * dims;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.1;
  const simplex: Minimum[] = [{ x: start, fx: f(start) }];
  for (let i = 0; i < dims; i++) {
    const x = start.slice();
    x[i] = (x[i] as number) + step;
    simplex.push({ x, fx: f(x) });
  }
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * ((to[i] as number) - v));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0] as Minimum;
    const worst = simplex[dims] as Minimum;
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + tolerance)) break;
    const centroid = new Array<number>(dims).fill(0);
    for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) centroid[j] = (centroid[j] as number) + (simplex[i] as Minimum).x[j]! / dims;
    const reflected = along(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.fx) {
      const expanded = along(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[dims] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < (simplex[dims - 1] as Minimum).fx) {
      simplex[dims] = { x: reflected, fx: fr };
    } else {
      const contracted = fr < worst.fx ? along(centroid, reflected, 0.5) : along(centroid, worst.x, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst.fx)) simplex[dims] = { x: contracted, fx: fc };
      else for (let i = 1; i <= dims; i++) {
        const x = along(best.x, (simplex[i] as Minimum).x, 0.5);
        simplex[i] = { x, fx: f(x) };
      }
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return simplex[0] as Minimum;
}
