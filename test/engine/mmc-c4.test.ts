import { describeMmc } from '../helpers/mmc.js';

describeMmc(4, [[0.5, 1_000_000], [0.8, 1_000_000], [0.95, 14_000_000]]);
