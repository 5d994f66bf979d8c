import { DynamicModule, Module } from '@nestjs/common';
import { BUSINESS_MODULES } from '../modules';
import { AppConfig } from './config/config';
import { AuthModule } from './auth/auth.module';
import { CacheModule } from './cache/cache.module';
import { CoreModule } from './core.module';
import { RestModule } from './rest/rest.module';
import { RestApiModule } from './restapi/restapi.module';
import { IrModule } from './ir/ir.module';
import { manifestOf, ModuleClass } from './pool/manifest';
import { sortModules } from './pool/graph';
import { ResModule } from './res/res.module';
import { DatabaseServer } from './storage/database';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OpenApiModule } from './openapi/openapi.module';

/** The built-in modules, always active. */
export const CORE_MODULES: ModuleClass[] = [IrModule, ResModule];

/** Nest module classes of the active modules, in dependency order. */
export function activeModuleClasses(config: AppConfig, extra: ModuleClass[] = []): ModuleClass[] {
  const all = [...CORE_MODULES, ...BUSINESS_MODULES, ...extra];
  const sorted = sortModules(all.map(manifestOf), config.modules ? ['ir', 'res', ...config.modules] : null);
  return sorted.map((m) => all.find((c) => manifestOf(c).name === m.name)!);
}

export interface AppOptions {
  /** Modules defined outside this repository, registered through the same public API. */
  extraModules?: ModuleClass[];
  /** Share an already started database server (CLI, tests). */
  server?: DatabaseServer;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    const all = [...CORE_MODULES, ...BUSINESS_MODULES, ...(options.extraModules ?? [])];
    const active = activeModuleClasses(config, options.extraModules ?? []);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, all, options.server),
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
