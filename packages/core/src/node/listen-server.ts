import type { ListenOptions, Server } from 'node:net';
import type { ZmqError } from '../errors.js';

/**
 * Starts `server` listening and settles once it is bound, or rejects with
 * `mapError(error)`. Later server errors (failed accepts such as EMFILE) are
 * transient and ignored, so they never crash the process.
 */
export function listenServer(server: Server, options: ListenOptions, mapError: (error: Error) => ZmqError): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(mapError(error));
    };
    const onListening = (): void => {
      server.off('error', onError);
      server.on('error', () => {});
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options);
  });
}
