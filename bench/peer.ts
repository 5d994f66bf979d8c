/**
 * The two sides a scenario runs against: this server (started by the bench) and, optionally, a
 * Tryton-compatible REST server given by BENCH_PEER_URL and BENCH_PEER_KEY (BENCH_PEER_DB, default
 * `tryton`; BENCH_PEER_CONTEXT, default {"company":1}, sent as X-Tryton-Context in URL-safe base64 with
 * its padding). BENCH_PEER_URL is the server's origin (http://host:port): paths are /<db>/rest/....
 */
export interface Side {
  name: 'here' | 'peer';
  /** http://host:port */
  origin: string;
  db: string;
  headers: Record<string, string>;
  /** Record ids the scenarios rotate over (each side has its own). */
  products: number[];
  sales: number[];
}

export interface PeerConfig {
  url: string;
  key: string;
  db: string;
  context: string;
}

export function peerConfig(env: NodeJS.ProcessEnv = process.env): PeerConfig | null {
  if (!env.BENCH_PEER_URL) return null;
  if (!env.BENCH_PEER_KEY) throw new Error('BENCH_PEER_URL is set: BENCH_PEER_KEY must be too');
  return {
    url: env.BENCH_PEER_URL.replace(/\/+$/, ''),
    key: env.BENCH_PEER_KEY,
    db: env.BENCH_PEER_DB || 'tryton',
    context: env.BENCH_PEER_CONTEXT || '{"company":1}',
  };
}

export const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** URL-safe base64 with its padding (Tryton's urlsafe_b64decode refuses it unpadded). */
export const b64urlPadded = (text: string) =>
  Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

/** The REST path of a model on a side (Tryton's dialect, which both speak). */
export const modelPath = (side: Side, model: string, rest = '') => `/${side.db}/rest/model/${model}${rest}`;

/** Query string of [name, value] pairs. */
export const query = (params: [string, string][]) =>
  params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
