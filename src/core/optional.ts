/**
 * Optional packages: the queue stack (bullmq, ioredis) and the TypeScript loader (tsx) are
 * loaded only by the features that use them, and a lean install (`npm install --omit=optional`)
 * leaves them out. A feature that needs one that is missing says which, and how to add it.
 */
import { UserError } from './errors.js';

/** What a queued sweep and `pipesim worker` load (scale/queue.ts). */
export const QUEUE_PACKAGES = ['bullmq', 'ioredis'] as const;

/** Runs `load` (a dynamic import); if it fails because one of `packages` is not installed, a UserError says so. */
export async function importOptional<T>(load: () => Promise<T>, packages: readonly string[], feature: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const message = error instanceof Error ? error.message : '';
    const missing = packages.filter((p) => message.includes(`'${p}'`) || message.includes(`"${p}"`) || message.includes(`${p}/`));
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && missing.length > 0) {
      throw new UserError(`${feature} needs the optional package${packages.length > 1 ? 's' : ''} ${packages.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed`, `install ${packages.length > 1 ? 'them' : 'it'}: npm install ${packages.join(' ')}`);
    }
    throw error;
  }
}
