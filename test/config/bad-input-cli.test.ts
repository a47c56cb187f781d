/**
 * Bad experiments through the CLI under a time and memory limit (test/helpers/bad-inputs.ts):
 * every oversized and edge case and every sixth malformed file here; all of them in
 * bad-input-cli.slow.test.ts. (Every malformed file's message is also checked in-process by
 * invalid.test.ts.)
 */
import { badInputCases, describeBadInputs } from '../helpers/bad-inputs.js';

describeBadInputs(badInputCases(6));
