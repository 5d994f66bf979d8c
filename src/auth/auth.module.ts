import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/config';
import { failOpenRedis } from '../ir/access/redis-client';
import { SecurityChannel } from '../ir/access/security-channel';
import { installSecurityListeners } from '../ir/access/security-listeners';
import { TrytonAccessControl } from '../ir/access/tryton-access-control';
import { ACCESS_CONTROL } from '../pool/env';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { ApplicationKeyGuard } from './application-key.guard';
import { ApplicationKeyResolver } from './application-key-resolver';
import { FailureLimiter } from './failure-limiter';
import { UserApplicationController } from './user-application.controller';
import { UserApplicationService } from './user-application.service';

@Injectable()
export class AuthLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(SecurityChannel) private readonly channel: SecurityChannel,
    @Inject(ApplicationKeyResolver) private readonly keys: ApplicationKeyResolver,
    @Inject(ACCESS_CONTROL) private readonly access: TrytonAccessControl,
    @Inject(FailureLimiter) private readonly failures: FailureLimiter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.keys.close();
    this.access.close();
    await this.failures.close();
    await this.channel.close();
  }
}

/**
 * Authentication and access control of the API: the user-application key guard (global), Tryton's
 * access rights as the ACCESS_CONTROL of every request, the /:db/user/application/ routes, and the
 * channel that carries revocations and rights changes between instances.
 */
@Global()
@Module({
  controllers: [UserApplicationController],
  providers: [
    {
      provide: SecurityChannel,
      inject: [AppConfig, DatabaseServer],
      useFactory: (config: AppConfig, server: DatabaseServer) =>
        new SecurityChannel({
          redisUrl: config.redisUrl,
          connect: (db) => ({ connectionString: server.pool(db).options.connectionString }),
        }),
    },
    {
      provide: ApplicationKeyResolver,
      inject: [DatabaseServer, SecurityChannel],
      useFactory: (server: DatabaseServer, channel: SecurityChannel) =>
        new ApplicationKeyResolver(server, channel),
    },
    {
      provide: ACCESS_CONTROL,
      inject: [Pool, SecurityChannel],
      useFactory: (pool: Pool, channel: SecurityChannel) => {
        installSecurityListeners(pool);
        return new TrytonAccessControl({ channel });
      },
    },
    {
      provide: FailureLimiter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new FailureLimiter(
          config.redisUrl ? failOpenRedis(config.redisUrl, 'nest-tryton-auth-failures') : null,
        ),
    },
    UserApplicationService,
    ApplicationKeyGuard,
    { provide: APP_GUARD, useExisting: ApplicationKeyGuard },
    AuthLifecycle,
  ],
  exports: [ACCESS_CONTROL, ApplicationKeyResolver, SecurityChannel],
})
export class AuthModule {}
