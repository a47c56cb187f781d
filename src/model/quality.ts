/**
 * Deployed models over time (the run-time view): each application has at most one deployed
 * model whose quality (e.g. accuracy) starts from a value that depends on the pipeline that
 * produced it, decays linearly at the drift rate, drops at random sudden-drift events, and is
 * reset by the next successful (re)training. Quality is piecewise linear between events, so
 * its time average, the time spent below the threshold and the staleness are integrated
 * exactly, not sampled. Quality is clamped at 0.
 */

/** Integrals over deployed model-time since the last reset. */
export class QualityLedger {
  readonly deployed: Uint8Array;
  /** Quality at `updatedAt`, and when that was. */
  readonly quality: Float64Array;
  readonly updatedAt: Float64Array;
  /** When the deployed model was last (re)trained. */
  readonly deployedAt: Float64Array;
  readonly retraining: Uint8Array;
  /** Continuous monitoring: when quality will cross the threshold (Infinity if never). */
  readonly crossingAt: Float64Array;
  qualityArea = 0;
  belowTime = 0;
  stalenessArea = 0;
  deployedTime = 0;

  constructor(readonly applications: number, readonly decayPerSecond: number, readonly threshold: number) {
    this.deployed = new Uint8Array(applications);
    this.quality = new Float64Array(applications);
    this.updatedAt = new Float64Array(applications);
    this.deployedAt = new Float64Array(applications);
    this.retraining = new Uint8Array(applications);
    this.crossingAt = new Float64Array(applications).fill(Infinity);
  }

  /** Quality of `app` at `now` (no side effects). */
  qualityAt(app: number, now: number): number {
    return Math.max(0, (this.quality[app] as number) - this.decayPerSecond * (now - (this.updatedAt[app] as number)));
  }

  /** Integrates `app` from its last update to `now` and moves its state there. */
  advance(app: number, now: number): void {
    if (!this.deployed[app]) return;
    const t0 = this.updatedAt[app] as number;
    const dt = now - t0;
    if (dt <= 0) return;
    const q0 = this.quality[app] as number;
    const r = this.decayPerSecond;
    // Time until quality reaches 0 (then it stays there).
    const untilZero = r > 0 ? q0 / r : Infinity;
    const linear = Math.min(dt, untilZero);
    const q1 = q0 - r * linear;
    this.qualityArea += (linear * (q0 + q1)) / 2;
    // Time below the threshold within [t0, now]: the decaying part below it, plus the floor.
    const theta = this.threshold;
    if (q0 < theta) this.belowTime += dt;
    else if (r > 0) this.belowTime += Math.max(0, dt - (q0 - theta) / r);
    const age0 = t0 - (this.deployedAt[app] as number);
    this.stalenessArea += dt * (age0 + dt / 2);
    this.deployedTime += dt;
    this.quality[app] = Math.max(0, q0 - r * dt);
    this.updatedAt[app] = now;
  }

  /** Deploys a model of quality `q` for `app` at `now`. */
  deploy(app: number, now: number, q: number): void {
    this.advance(app, now);
    this.deployed[app] = 1;
    this.quality[app] = Math.min(1, Math.max(0, q));
    this.updatedAt[app] = now;
    this.deployedAt[app] = now;
    this.crossingAt[app] = this.crossing(app, now);
  }

  /** A sudden drift lowers `app`'s quality by `drop` at `now`. */
  drop(app: number, now: number, drop: number): void {
    this.advance(app, now);
    this.quality[app] = Math.max(0, (this.quality[app] as number) - drop);
    this.crossingAt[app] = this.crossing(app, now);
  }

  /** When `app`'s quality will cross the threshold from `now` (now if already below). */
  private crossing(app: number, now: number): number {
    const q = this.quality[app] as number;
    if (q < this.threshold) return now;
    return this.decayPerSecond > 0 ? now + (q - this.threshold) / this.decayPerSecond : Infinity;
  }

  /** Integrates every deployed application to `now` and forgets the past (warm-up). */
  reset(now: number): void {
    for (let app = 0; app < this.applications; app++) this.advance(app, now);
    this.qualityArea = 0;
    this.belowTime = 0;
    this.stalenessArea = 0;
    this.deployedTime = 0;
  }

  /** Integrates everything to `now` (the end) and returns the time averages. */
  finish(now: number): { mean: number; below: number; staleness: number; deployed: number; waiting: number } {
    let deployed = 0;
    let waiting = 0;
    for (let app = 0; app < this.applications; app++) {
      this.advance(app, now);
      deployed += this.deployed[app] as number;
      waiting += this.retraining[app] as number;
    }
    const t = this.deployedTime;
    return {
      mean: t > 0 ? this.qualityArea / t : NaN,
      below: t > 0 ? this.belowTime / t : NaN,
      staleness: t > 0 ? this.stalenessArea / t : NaN,
      deployed,
      waiting,
    };
  }
}
