/** Loads one implementation's backend; each benchmark process loads only the one it measures. */
import type { Impl } from '../cases.js';
import { rawBackend } from './raw.js';
import type { Backend } from './types.js';
import { zmqBackend } from './zmq.js';

export function loadBackend(impl: Impl): Promise<Backend> {
  return impl === 'raw' ? Promise.resolve(rawBackend) : zmqBackend(impl);
}
