import { describeMmc } from '../helpers/mmc.js';

// ρ 0.95 (13M customers) runs in the slow suite (mmc-heavy.slow.test.ts).
describeMmc(1, [[0.5, 1_000_000], [0.8, 1_000_000]]);
