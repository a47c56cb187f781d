import { describeMmc } from '../helpers/mmc.js';

// ρ 0.5 (17M customers) and 0.95 run in the slow suite (mmc-heavy.slow.test.ts).
describeMmc(16, [[0.8, 3_000_000]]);
