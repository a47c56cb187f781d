/**
 * RandomStreams: independent, named random streams for one run. Each stream is seeded from
 * (experiment seed, replication, stream name) only, never from the scenario, so two scenarios
 * of the same replication draw identical arrivals and demands (common random numbers).
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  (): number;
  /**
   * Set on the streams of an experiment with antithetic replications: samplers then draw by
   * inversion (one uniform per draw, monotone in it), so that a mirrored stream gives draws
   * negatively correlated with its twin's. Otherwise they may use faster methods (ziggurat).
   */
  readonly inversion?: boolean;
  /** The same generator's next 32 bits as a signed integer, where it offers them (seedrandom's streams do). */
  readonly int32?: () => number;
}

/** Names every stochastic source in the model; a new component gets a new name. */
export type StreamName = string;

/** The largest uniform seedrandom returns: uniforms are multiples of 2^-32 in [0, 1 − 2^-32]. */
const TOP = 1 - 2 ** -32;

/** Factory of named streams for one (experiment seed, replication). */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  /**
   * With `antithetic`, replications come in pairs (0, 1), (2, 3), …: the second of a pair reads
   * its twin's streams mirrored (u → 1 − 2^-32 − u, exact on seedrandom's grid), and every stream
   * of both is read by inversion.
   */
  constructor(
    readonly experimentSeed: number,
    readonly replication: number,
    readonly antithetic = false,
  ) {}

  /** The stream called `name`; the same name always returns the same stream object. */
  stream(name: StreamName): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      const source = this.antithetic ? this.replication - (this.replication % 2) : this.replication;
      // xor4096 (Brent's xorgens): period 2^4096, fast, and seedable from a string key.
      const uniform = seedrandom.xor4096(`pipesim|${this.experimentSeed}|${source}|${name}`);
      if (this.antithetic) {
        const read: () => number = this.replication % 2 === 1 ? () => TOP - uniform() : uniform;
        rng = Object.assign(read, { inversion: true });
      } else {
        rng = uniform;
      }
      this.streams.set(name, rng);
    }
    return rng;
  }
}
