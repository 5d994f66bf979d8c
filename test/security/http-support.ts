import { createConnection } from 'node:net';

/** The Redis of the environment (REDIS_URL, or a local default) when one answers; null otherwise. */
export async function reachableRedis(): Promise<string | null> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const ok = await new Promise<boolean>((done) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.write('PING\r\n');
    });
    socket.once('data', (data) => {
      socket.destroy();
      done(data.toString().startsWith('+PONG'));
    });
    socket.once('timeout', () => (socket.destroy(), done(false)));
    socket.once('error', () => done(false));
  });
  return ok ? url : null;
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
