#!/usr/bin/env node
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { registerApplicationCommands } from './application.command';
import { registerDbCommands } from './db.command';
import { registerOpenApiCommand } from './openapi.command';
import { registerServeCommand } from './serve.command';
import { registerUserCommands } from './user.command';

/** The version in nest-tryton's package.json (read at run time: the file sits two levels above dist/src). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  return manifest.version as string;
}

/** nest-tryton: serve the API, create/update databases, manage users and application keys. */
/** Opened only by commands that run (so --help and --version do not load the application). */
const openCli = async () => (await import('./context')).openCli();

export function buildProgram(): Command {
  const program = new Command('nest-tryton')
    .description('Tryton modules served through a REST API')
    .version(packageVersion(), '-V, --version', 'print the version of nest-tryton');
  registerServeCommand(program);
  registerDbCommands(program, openCli);
  registerUserCommands(program, openCli);
  registerApplicationCommands(program, openCli);
  registerOpenApiCommand(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: Error) => {
      console.error(`error: ${e.message}`);
      process.exit(1);
    });
}
