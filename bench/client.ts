import { openCli } from '../src/cli/context';
import { clientOverhead } from './client-overhead';
import { DB, PORT, prepare, startServer } from './run';

/** npm run bench:client — only the client's overhead over raw undici (the same scenario as npm run bench's). */
async function main(): Promise<void> {
  const ctx = await openCli();
  let key: string;
  try {
    ({ key } = await prepare(ctx));
  } finally {
    await ctx.close();
  }
  const server = await startServer();
  try {
    const result = await clientOverhead(`http://127.0.0.1:${PORT}/${DB}`, key, {
      model: 'party.party',
      id: 1,
      fields: ['name', 'code'],
      calls: 2000,
    });
    console.table({ 'cached GET (µs/call)': result.cachedGet, 'streamed list': result.streamedList });
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
