/**
 * Sends until the socket refuses with EAGAIN (give it a sendTimeout first) and
 * returns how many sends were accepted; stops at `limit` so a socket that never
 * blocks fails an assertion instead of exhausting memory.
 */
export async function sendUntilRefused(send: (index: number) => Promise<void>, limit: number): Promise<number> {
  for (let sent = 0; sent < limit; sent += 1) {
    try {
      await send(sent);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      return sent;
    }
  }
  return limit;
}
