import { describeMmc } from '../helpers/mmc.js';

// ρ 0.95 (14M customers) runs in the slow suite (mmc-heavy.slow.test.ts).
describeMmc(4, [[0.5, 1_000_000], [0.8, 1_000_000]]);
