import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Pool } from '../pool/pool';
import { pathTree, validatePaths } from '../storage/reader';
import { USAGE_METADATA, UsageContribution, UsageTarget } from './usage.decorator';

/** Default fields of a record when no usage and no `f` is given. */
export const DEFAULT_FIELDS = ['rec_name'];

/** The field paths each (model, usage) needs, merged over every active module's contributions. */
@Injectable()
export class UsageRegistry implements OnModuleInit {
  private readonly byModel = new Map<string, Map<string, Set<string>>>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...a: any[]) => unknown) | null;
      if (!type || !wrapper.instance) continue;
      const target = Reflect.getMetadata(USAGE_METADATA, type) as UsageTarget | undefined;
      if (!target) continue;
      this.add(target.model, target.usage, (wrapper.instance as UsageContribution).fields);
    }
  }

  add(model: string, usage: string, fields: readonly string[]): void {
    if (!this.pool.has(model)) throw new Error(`Usage "${usage}" names unknown model "${model}"`);
    const cls = this.pool.get(model);
    validatePaths({ model: (n: string) => this.pool.get(n) } as never, cls, pathTree([...fields]));
    let usages = this.byModel.get(model);
    if (!usages) this.byModel.set(model, (usages = new Map()));
    let set = usages.get(usage);
    if (!set) usages.set(usage, (set = new Set()));
    fields.forEach((f) => set.add(f));
  }

  /** The union of the paths of the requested usages; the default fields when none contributes. */
  fieldsFor(model: string, usages: string[]): string[] {
    const result = new Set<string>();
    const known = this.byModel.get(model);
    for (const usage of usages) known?.get(usage)?.forEach((f) => result.add(f));
    return result.size ? [...result] : DEFAULT_FIELDS;
  }

  usagesOf(model: string): string[] {
    return [...(this.byModel.get(model)?.keys() ?? [])];
  }
}
