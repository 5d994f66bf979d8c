import 'reflect-metadata';

export const USAGE_METADATA = Symbol('tryton:usage');

export interface UsageTarget {
  model: string;
  usage: string;
}

/**
 * Marks a provider as the field paths a usage needs on a model (Tryton's __json__(usages)). The
 * provider exposes `fields`; the usage registry collects every active module's contributions at boot.
 */
export function Usage(model: string, usage: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(USAGE_METADATA, { model, usage } satisfies UsageTarget, target);
  };
}

export interface UsageContribution {
  readonly fields: readonly string[];
}
