/**
 * The Dish side in its own process, for two-process runs. Started by
 * `forkReceiver` with `{ impl, size, mode }` as JSON in argv; talks over the IPC channel:
 * sends `ready` (with the endpoint) and `warmed`, answers `counts`, exits on `close`.
 */
import { startReceiver, type ReceiverCounts, type UdpImpl } from './sides.js';
import type { UdpMode } from './udp-modes.js';

export type PeerRequest = { type: 'counts' } | { type: 'close' };
export type PeerReport =
  | { type: 'ready'; endpoint: string }
  | { type: 'warmed' }
  | { type: 'counts'; counts: ReceiverCounts };

const { impl, size, mode } = JSON.parse(process.argv[2]) as { impl: UdpImpl; size: number; mode: UdpMode };
const tell = (report: PeerReport): void => void process.send!(report);

const receiver = await startReceiver(impl, size, mode);
void receiver.warmed.then(() => tell({ type: 'warmed' }));
process.on('message', (request: PeerRequest) => {
  if (request.type === 'counts') void receiver.counts().then((counts) => tell({ type: 'counts', counts }));
  else void receiver.close().then(() => process.exit(0));
});
// The parent gone means the run is over.
process.on('disconnect', () => process.exit(0));
tell({ type: 'ready', endpoint: receiver.endpoint });
