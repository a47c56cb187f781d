/** Typed access to the parts of jstat we use (the package ships no types). */
import jstatModule from 'jstat';

interface ContinuousFamily {
  cdf(x: number, ...params: number[]): number;
  inv(p: number, ...params: number[]): number;
}

interface JStat {
  gammafn(x: number): number;
  gammaln(x: number): number;
  normal: ContinuousFamily;
  lognormal: ContinuousFamily;
  gamma: ContinuousFamily;
  studentt: ContinuousFamily;
  centralF: ContinuousFamily;
  chisquare: ContinuousFamily;
}

const loaded = jstatModule as unknown as { jStat?: JStat } & JStat;
/** The jStat namespace (CommonJS default export, with or without the `jStat` wrapper). */
export const jStat: JStat = loaded.jStat ?? loaded;
