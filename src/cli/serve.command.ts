import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { bootstrap } from '../main';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API (PORT, DATABASE_URL, REDIS_URL, MODULES)')
    .action(async () => {
      await bootstrap(loadConfig());
    });
}
