/** Closed forms from queueing theory (Erlang C), for checking the engine against theory. */

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ (< c). */
export function erlangC(c: number, a: number): number {
  // Computed through the Erlang B recursion, stable for large c.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Mean wait in queue Wq of M/M/c with arrival rate λ and service rate μ per server. */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}
