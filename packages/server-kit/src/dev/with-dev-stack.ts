import { startDevStack, type DevStack, type DevStackOptions } from './dev-stack.js';

/**
 * Starts the local stack (or the part a test needs) on a free port, runs `work`, and always
 * stops it, whether `work` returns or throws. Tests use this instead of managing servers.
 */
export async function withDevStack<T>(options: Omit<DevStackOptions, 'port'>, work: (stack: DevStack) => Promise<T>): Promise<T> {
  const stack = await startDevStack({ ...options, port: 0 });
  try {
    return await work(stack);
  } finally {
    await stack.stop();
  }
}
