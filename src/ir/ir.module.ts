import { Module } from '@nestjs/common';
import { TrytonModule } from '../pool/manifest';
import { ModelAccess, ModelFieldAccess } from './access.model';
import { loadConfiguration, loadLanguages } from './data';
import { Lang } from './lang.model';
import { IrModel, IrModelField } from './model.model';
import { ModelData } from './model-data.model';
import { ModelLog } from './model-log.model';
import { Module as IrModuleModel } from './module.model';
import { Configuration } from './configuration.model';
import { Sequence, SequenceStrict, SequenceType } from './sequence.model';
import { Translation } from './translation.model';
import { Attachment } from './attachment.model';
import { Note, NoteRead } from './note.model';
import { CalendarDay, loadCalendarDays } from './calendar.model';
import { EmailTemplate } from './email-template.model';
import { Cron, CronLog } from './cron.model';
import { CronScheduler } from './cron/scheduler';
import { ModelButton, Rule, RuleGroup } from './rule.model';

@TrytonModule({
  name: 'ir',
  depends: [],
  models: [
    IrModuleModel,
    ModelData,
    Lang,
    Translation,
    IrModel,
    IrModelField,
    SequenceType,
    Sequence,
    SequenceStrict,
    Configuration,
    ModelAccess,
    ModelFieldAccess,
    RuleGroup,
    Rule,
    ModelButton,
    ModelLog,
    Attachment,
    Note,
    NoteRead,
    CalendarDay,
    Cron,
    CronLog,
    EmailTemplate,
  ],
  data: [loadLanguages, loadConfiguration, loadCalendarDays],
})
@Module({ providers: [CronScheduler], exports: [CronScheduler] })
export class IrModule {}
