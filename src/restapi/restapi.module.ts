import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RestModule } from '../rest/rest.module';
import { PolicyCacheKey } from './policy-cache-key';
import { PolicyRegistry } from './policy.registry';
import { RestApiController } from './restapi.controller';
import { RestApiService } from './restapi.service';
import { RestApiSearchService } from './search.service';
import { RestApiWriteService } from './write.service';

/**
 * The pyDAL dialect: /:db/rest/api/:model[/:id]. Same engine as the Tryton dialect (request scope,
 * access control, domain compiler); its own parser, policies and envelope.
 */
@Module({
  imports: [DiscoveryModule, RestModule],
  controllers: [RestApiController],
  providers: [PolicyRegistry, PolicyCacheKey, RestApiService, RestApiSearchService, RestApiWriteService],
  exports: [PolicyRegistry],
})
export class RestApiModule {}
