import 'reflect-metadata';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Env } from '../pool/env';
import { NotFoundError } from '../pool/errors';

export const REPORT_METADATA = Symbol('tryton:report');

export interface RenderedReport {
  content: Buffer;
  /** File extension, e.g. 'html' or 'pdf'. */
  ext: string;
  /** Name without extension. */
  filename: string;
}

/** A report renders records of its model; modules provide them as Nest providers marked @TrytonReport. */
export interface ReportRenderer {
  /** Model whose records the report renders (read access is checked on it). */
  readonly model: string;
  render(env: Env, ids: number[], data: Record<string, unknown>): Promise<RenderedReport>;
}

export function TrytonReport(name: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(REPORT_METADATA, name, target);
}

/** Reports of the active modules, by name, discovered at boot. */
@Injectable()
export class ReportRegistry implements OnModuleInit {
  private readonly reports = new Map<string, ReportRenderer>();

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as object | null;
      if (!type || !wrapper.instance) continue;
      const name = Reflect.getMetadata(REPORT_METADATA, type) as string | undefined;
      if (name) this.reports.set(name, wrapper.instance as ReportRenderer);
    }
  }

  get(name: string): ReportRenderer {
    const report = this.reports.get(name);
    if (!report) throw new NotFoundError(`Unknown report "${name}"`);
    return report;
  }

  names(): string[] {
    return [...this.reports.keys()];
  }
}
