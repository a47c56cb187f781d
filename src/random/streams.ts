/**
 * RandomStreams: independent, named random streams for one run. Each stream is seeded from
 * (experiment seed, replication, stream name) only, never from the scenario, so two scenarios
 * of the same replication draw identical arrivals and demands (common random numbers).
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  (): number;
}

/** Names every stochastic source in the model; a new component gets a new name. */
export type StreamName = string;

/** Factory of named streams for one (experiment seed, replication). */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(
    readonly experimentSeed: number,
    readonly replication: number,
  ) {}

  /** The stream called `name`; the same name always returns the same stream object. */
  stream(name: StreamName): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      // xor4096 (Brent's xorgens): period 2^4096, fast, and seedable from a string key.
      rng = seedrandom.xor4096(`pipesim|${this.experimentSeed}|${this.replication}|${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
