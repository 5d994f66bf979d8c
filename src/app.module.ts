import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { AuthModule } from './auth/auth.module';
import { CacheModule } from './cache/cache.module';
import { CoreModule } from './core.module';
import { RateLimitModule } from './http/rate-limit';
import { RestModule } from './rest/rest.module';
import { RestApiModule } from './restapi/restapi.module';
import { IrModule } from './ir/ir.module';
import { manifestOf, ModuleClass } from './pool/manifest';
import { BUILTIN_MODULES_PATH, loadModuleClasses } from './pool/module-loader';
import { sortModules } from './pool/graph';
import { ResModule } from './res/res.module';
import { DatabaseServer } from './storage/database';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OpenApiModule } from './openapi/openapi.module';
import { createLogger, Logger } from './logging/logger';
import { LoggingModule } from './logging/logging.module';

/** The built-in modules, always active. */
export const CORE_MODULES: ModuleClass[] = [IrModule, ResModule];

/**
 * Every module this configuration knows: the core ones, the built-in business modules, those found
 * through MODULE_PATHS, and `extra` (module classes handed over in code, e.g. by tests).
 */
export function knownModuleClasses(config: AppConfig, extra: ModuleClass[] = []): ModuleClass[] {
  const loaded = loadModuleClasses([BUILTIN_MODULES_PATH, ...config.modulePaths]);
  return [...new Set([...CORE_MODULES, ...loaded, ...extra])];
}

/** Nest module classes of the active modules, in dependency order. */
export function activeModuleClasses(config: AppConfig, extra: ModuleClass[] = []): ModuleClass[] {
  const all = knownModuleClasses(config, extra);
  const sorted = sortModules(all.map(manifestOf), config.modules ? ['ir', 'res', ...config.modules] : null);
  return sorted.map((m) => all.find((c) => manifestOf(c).name === m.name)!);
}

export interface AppOptions {
  /** Module classes handed over in code (tests), known beside the built-in and MODULE_PATHS ones. */
  extraModules?: ModuleClass[];
  /** The logger (default: one made from the configuration, see createLogger). */
  logger?: Logger;
  /** Share an already started database server (CLI, tests). */
  server?: DatabaseServer;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    const all = knownModuleClasses(config, options.extraModules ?? []);
    const active = activeModuleClasses(config, options.extraModules ?? []);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, all, options.server),
        LoggingModule.forRoot(options.logger ?? createLogger(config)),
        // Its guard runs before the key guard: a flood is refused before any key lookup.
        RateLimitModule,
        AuthModule,
        CacheModule,
        RestModule,
        RestApiModule,
        HealthModule,
        MetricsModule,
        OpenApiModule,
        ...(active as any[]),
      ],
    };
  }
}
