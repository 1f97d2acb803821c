import { connect, createServer, type Server } from 'node:net';

/**
 * The ferry's control channel: one JSON request per line on a Unix socket, one JSON
 * reply per line. Requests are small; a line longer than MAX_LINE closes the
 * connection, so a misbehaving client cannot make the ferry buffer without bound.
 */
const MAX_LINE = 64 * 1024;

export type ControlReply = { ok: true; result: unknown } | { ok: false; error: string };

export function serveControl(path: string, handle: (request: unknown) => unknown): Promise<Server> {
  const server = createServer((socket) => {
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      pending += chunk;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let reply: ControlReply;
        try {
          reply = { ok: true, result: handle(JSON.parse(line)) };
        } catch (error) {
          reply = { ok: false, error: (error as Error).message };
        }
        socket.write(`${JSON.stringify(reply)}\n`);
      }
      if (pending.length > MAX_LINE) socket.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Sends one request and waits for its reply; rejects with the server's error text. */
export function controlRequest(path: string, request: unknown, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the ferry's control socket ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const nl = answer.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      const reply = JSON.parse(answer.slice(0, nl)) as ControlReply;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
  });
}
