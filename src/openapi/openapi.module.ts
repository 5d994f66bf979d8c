import { Module } from '@nestjs/common';
import { RestModule } from '../rest/rest.module';
import { OpenApiController } from './openapi.controller';
import { OpenApiService } from './openapi.service';

/** GET /:db/rest/openapi.json (key needed) and the explorer page GET /:db/rest/openapi (public). */
@Module({
  imports: [RestModule],
  controllers: [OpenApiController],
  providers: [OpenApiService],
  exports: [OpenApiService],
})
export class OpenApiModule {}
