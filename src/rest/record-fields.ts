import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import { pathTree, PathTree, validatePaths } from '../storage/reader';
import { UsageRegistry } from '../serialization/usage.registry';

/**
 * Which fields a record has in an answer: exactly the `f` paths, or the union of the requested usages'
 * contributions (default rec_name). Unknown fields are 400s here, before anything is sent.
 */
@Injectable()
export class RecordFields {
  constructor(@Inject(UsageRegistry) private readonly usages: UsageRegistry) {}

  tree(env: Env, model: ModelClass, fields: string[] | null, usages: string[]): PathTree {
    const paths = fields ?? this.usages.fieldsFor(model.__name__, usages);
    const tree = pathTree(paths);
    validatePaths(env, model, tree);
    return tree;
  }
}
