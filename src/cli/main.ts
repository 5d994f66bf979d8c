#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { openCli } from './context';
import { registerApplicationCommands } from './application.command';
import { registerDbCommands } from './db.command';
import { registerServeCommand } from './serve.command';
import { registerUserCommands } from './user.command';

/** nest-tryton: serve the API, create/update databases, manage users and application keys. */
export function buildProgram(): Command {
  const program = new Command('nest-tryton').description('Tryton modules served through a REST API');
  registerServeCommand(program);
  registerDbCommands(program, openCli);
  registerUserCommands(program, openCli);
  registerApplicationCommands(program, openCli);
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
