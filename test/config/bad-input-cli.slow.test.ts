/** Every bad experiment through the CLI under a time and memory limit (test/helpers/bad-inputs.ts). */
import { badInputCases, describeBadInputs } from '../helpers/bad-inputs.js';

describeBadInputs(badInputCases());
