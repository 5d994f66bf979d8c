import { spawnSync } from 'node:child_process';

/** The Redis tests use: REDIS_URL, else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const PROBE = `
const { hostname, port } = new URL(process.argv[1]);
const socket = require('node:net').createConnection({ host: hostname, port: Number(port || 6379) });
socket.once('connect', () => socket.write('PING\\r\\n'));
socket.once('data', (d) => process.exit(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH') ? 0 : 1));
socket.once('error', () => process.exit(1));
`;

let answer: string | false | undefined;

/**
 * For `describe(name, { skip: redisSkip() }, ...)`: false when TEST_REDIS_URL answers a PING within
 * one second, else the reason the suite is skipped (shown by the runner). Probed once per process,
 * synchronously, so a missing Redis never leaves a test waiting.
 */
export function redisSkip(): string | false {
  if (answer === undefined) {
    const probe = spawnSync(process.execPath, ['-e', PROBE, TEST_REDIS_URL], { timeout: 1000 });
    answer = probe.status === 0 ? false : `no Redis answered at ${TEST_REDIS_URL} within 1 s (set REDIS_URL)`;
  }
  return answer;
}

/** For suites that start a private redis-server: false when the binary is installed, else why they skip. */
export function redisServerSkip(): string | false {
  const probe = spawnSync('redis-server', ['--version'], { timeout: 1000 });
  return probe.status === 0 ? false : 'redis-server is not installed (fault tests start a private one)';
}
