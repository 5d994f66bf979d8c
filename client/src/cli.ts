#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { request } from 'undici';
import { TrytonError } from './errors';
import { generateTypes } from './openapi-types';

const USAGE = `Usage: nest-tryton-client types <database-url> [--key <key>] [--out <file.ts>]

Writes TypeScript interfaces for the models of a server, from its OpenAPI document
(<database-url>/rest/openapi.json). The key may also come from TRYTON_KEY.`;

/** `nest-tryton-client types <url>`: the models' TypeScript types, from the server's OpenAPI document. */
export async function main(argv: string[]): Promise<number> {
  const [command, url, ...rest] = argv;
  if (command !== 'types' || !url) {
    console.error(USAGE);
    return 2;
  }
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const key = option('--key') ?? process.env.TRYTON_KEY ?? '';
  const source = `${url.replace(/\/+$/, '')}/rest/openapi.json`;
  const res = await request(source, {
    headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw TrytonError.fromAnswer(res.statusCode, {}, text);
  const types = generateTypes(JSON.parse(text), source);
  const out = option('--out');
  if (out) writeFileSync(out, types);
  else process.stdout.write(types);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`error: ${e.message}`);
      process.exit(1);
    },
  );
}
