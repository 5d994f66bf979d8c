import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RequestScope } from '../http/request-scope';
import { UsageRegistry } from '../serialization/usage.registry';
import { ActionService } from './action.service';
import { ModelController } from './model.controller';
import { RecordFields } from './record-fields';
import { RecordService } from './record.service';
import { ReportController } from './report.controller';
import { ReportRegistry } from './report.registry';
import { ReportService } from './report.service';
import { SearchService } from './search.service';

/** The Tryton dialect: /:db/rest/model/... and /:db/rest/report/... */
@Module({
  imports: [DiscoveryModule],
  controllers: [ModelController, ReportController],
  providers: [
    RequestScope,
    UsageRegistry,
    RecordFields,
    SearchService,
    RecordService,
    ActionService,
    ReportRegistry,
    ReportService,
  ],
  exports: [RequestScope, UsageRegistry, RecordFields, ReportRegistry],
})
export class RestModule {}
