import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from './config/config';
import { manifestOf, ModuleClass } from './pool/manifest';
import { Pool } from './pool/pool';
import { DatabaseServer } from './storage/database';

export const CONFIG = Symbol('CONFIG');

@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DatabaseServer) private readonly server: DatabaseServer) {}
  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

/** Configuration, the database server and the pool of active modules: what every other part injects. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, moduleClasses: ModuleClass[], server?: DatabaseServer): DynamicModule {
    const pool = new Pool(
      moduleClasses.map(manifestOf),
      config.modules ? ['ir', 'res', ...config.modules] : null,
    );
    pool.config = config;
    const database = server ?? new DatabaseServer(config);
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: AppConfig, useValue: config },
        { provide: Pool, useValue: pool },
        { provide: DatabaseServer, useFactory: async () => (await database.start(), database) },
        DatabaseLifecycle,
      ],
      exports: [CONFIG, AppConfig, Pool, DatabaseServer],
    };
  }
}
