import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay that holds every connection shut until `open()`: the bytes a client
 * sends wait here, so its ZMTP handshake cannot finish and its pipe fills up. After
 * `open()` it relays to `target` both ways. Lets a test make a peer slow, then ready,
 * without timing.
 */
export class Gate {
  private readonly server: Server;
  private readonly held: Socket[] = [];
  private opened = false;

  private constructor(private readonly target: number) {
    this.server = createServer((client) => {
      client.on('error', () => client.destroy());
      client.pause();
      this.held.push(client);
      if (this.opened) this.relay(client);
    });
  }

  /** A gate on 127.0.0.1 to the tcp port of `targetEndpoint`; `endpoint` is where to connect. */
  static async listen(targetEndpoint: string): Promise<Gate & { endpoint: string }> {
    const gate = new Gate(Number(new URL(targetEndpoint).port));
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    const address = gate.server.address() as { port: number };
    return Object.assign(gate, { endpoint: `tcp://127.0.0.1:${address.port}` });
  }

  /** Lets held and future connections through. */
  open(): void {
    this.opened = true;
    for (const client of this.held) this.relay(client);
  }

  close(): void {
    for (const client of this.held) client.destroy();
    this.server.close();
  }

  private relay(client: Socket): void {
    const upstream = createConnection(this.target, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }
}
