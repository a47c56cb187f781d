import { describeMmc } from '../helpers/mmc.js';

describeMmc(16, [[0.5, 17_000_000], [0.8, 3_000_000], [0.95, 17_000_000]]);
