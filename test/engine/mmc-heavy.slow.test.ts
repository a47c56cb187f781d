/** The long M/M/c cases (13–17 million customers each): near saturation, and M/M/16 at ρ 0.5. */
import { describeMmc } from '../helpers/mmc.js';

describeMmc(1, [[0.95, 13_000_000]]);
describeMmc(4, [[0.95, 14_000_000]]);
describeMmc(16, [[0.5, 17_000_000], [0.95, 17_000_000]]);
