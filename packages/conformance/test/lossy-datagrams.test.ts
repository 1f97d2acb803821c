/**
 * The suites over a datagram-like transport without a network: core's inproc, declared
 * unreliable and unordered with a 1000-byte limit, losing a seeded 20 % of Radio -> Dish
 * messages. The Radio/Dish checks must pass despite the loss; the rest skip with reasons.
 */
import { randomBytes } from 'node:crypto';
import { socketSuite, transportSuite, type TransportSubject } from '../src/index.js';
import { lossyInproc } from './fixtures/lossy-inproc.js';

const options = { loss: 0.2, seed: 7, maxMessageSize: 1000 };
const fresh = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`;

const subject: TransportSubject = {
  name: 'lossy inproc (20 % loss, 1000 bytes)',
  capabilities: { ...lossyInproc(options).capabilities, dialWaitsForListener: true },
  addresses: { listen: () => `inproc://lossy-${fresh()}` },
  setup: () => ({ transport: lossyInproc(options) }),
};

transportSuite(subject);
socketSuite(subject);
