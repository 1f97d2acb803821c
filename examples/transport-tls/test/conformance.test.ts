/** The tls:// transport through @zmtp/conformance's transport and socket suites. */
import { readFileSync } from 'node:fs';
import { socketSuite, transportSuite, type TransportSubject } from '@zmtp/conformance';
import { tls } from '../src/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// A self-signed test certificate for localhost and 127.0.0.1, valid 2000-2100. It is its own CA.
const cert = fixture('cert.pem');
const key = fixture('key.pem');

const subject: TransportSubject = {
  name: 'tls',
  capabilities: tls({ cert, key, ca: cert }).capabilities,
  // Port 0 ("*"): the suite reads the real port back from the listener.
  addresses: { listen: () => 'tls://127.0.0.1:*' },
  setup: () => ({ transport: tls({ cert, key, ca: cert }) }),
};

transportSuite(subject);
socketSuite(subject);
