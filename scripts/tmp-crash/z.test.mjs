import { it, expect } from 'vitest';
it('passes', () => expect(1).toBe(1));
it('hangs', async () => { await new Promise(() => {}); }, 600000);
