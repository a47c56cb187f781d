import { describeMmc } from '../helpers/mmc.js';

describeMmc(1, [[0.5, 1_000_000], [0.8, 1_000_000], [0.95, 13_000_000]]);
