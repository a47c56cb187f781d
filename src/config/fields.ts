/** Field schemas every section of an experiment file shares: names, whole numbers, durations. */
import { z } from 'zod';
import { RESERVED_NAMES } from '../core/names.js';
import { quantity } from './units.js';

export const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a name of letters, digits, _ . -' })
  .refine((n) => !RESERVED_NAMES.includes(n), { error: (issue) => `'${String(issue.input)}' is a reserved name (${RESERVED_NAMES.join(', ')}); choose another` });
export const positiveInt = z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' });
export const duration = quantity('duration').pipe(z.number().gte(0, { error: 'expected a duration ≥ 0' }));
