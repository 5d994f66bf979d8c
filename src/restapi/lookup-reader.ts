import { Many2ManyField } from '../fields/many2many';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { readX2ManyIds } from '../storage/reader';
import { keyError } from './errors';
import { reverseStep } from './filter-path';
import type { LookupSpec } from './lookup-parser';
import {
  enterTarget,
  LookupScope,
  requireReadable,
  Target,
  targetDomain,
  targetFields,
} from './lookup-target';
import { pyRepr } from './python-text';
import { readRows, Row } from './row-reader';
import { ownField } from './table-fields';

/** The page the lookups denormalise: rows as answered, with their ids (even when `id` is not shown). */
export interface LookupPage {
  model: ModelClass;
  selected: string[];
  ids: number[];
  rows: Row[];
}

const unique = (values: unknown[]) => [...new Set(values.filter((v): v is number => typeof v === 'number'))];
const pick = (row: Row | undefined, fields: string[]) =>
  Object.fromEntries(fields.map((f) => [f, row ? (row[f] ?? null) : null]));

/**
 * Runs the lookups of a GET on its page, in the order written, with one query per step for the
 * whole page. Forms: `ref[f]` (many2one: in place, under an alias, or collapsed into `alias.f`
 * keys), `link.model[f]` (reverse: a list), `link.model[f].ref[g]` (many-to-many: nested or merged),
 * and our generalisations through the model's own relation fields: `one2many[f]`, `one2many[f].ref[g]`,
 * `many2many[f]`. Lookups whose keys clash, or that reuse a reference an earlier one replaced, are a
 * 400 (pyDAL crashed or silently overwrote).
 */
export class LookupReader {
  private readonly outputs = new Set<string>();
  private readonly consumed = new Set<string>();
  private readonly originals: Row[];

  constructor(
    private readonly scope: LookupScope,
    private readonly page: LookupPage,
  ) {
    this.originals = page.rows.map((row) => ({ ...row }));
  }

  async apply(spec: LookupSpec): Promise<void> {
    const [first, second, third] = spec.steps;
    // pyDAL silently ignores four steps and more.
    if (spec.steps.length > 3) return;
    const model = this.page.model;
    const field = ownField(model, first.name);
    if (field instanceof One2ManyField && field.referenceOwner !== null) {
      throw new BadRequestError(
        `Lookup ${pyRepr(spec.text)}: ${pyRepr(first.name)} links through a reference field and cannot be looked up`,
      );
    }
    if (field && spec.steps.length === 1) {
      if (field instanceof Many2OneField) return this.forward(spec, field);
      if (field instanceof One2ManyField)
        return this.reverse(spec, field.reverse, first.fields, field.target);
      if (field instanceof Many2ManyField) return this.many2many(spec, field);
      throw new BadRequestError(`Lookup ${pyRepr(spec.text)}: ${pyRepr(first.name)} is not a reference`);
    }
    if (field instanceof One2ManyField && spec.steps.length === 2) {
      return this.manyToMany(spec, field.reverse, field.target, first.fields, second);
    }
    if (field || spec.steps.length === 1) {
      if (!field) throw keyError(first.name);
      throw new BadRequestError(
        `Lookup ${pyRepr(spec.text)}: ${pyRepr(first.name)} cannot be followed further`,
      );
    }
    const link = await reverseStep(this.scope.env, model, first.name, second.name);
    if (!third) return this.reverse(spec, first.name, second.fields, link.__name__);
    return this.manyToMany(spec, first.name, link.__name__, second.fields, third);
  }

  private claim(spec: LookupSpec, keys: string[], consumes: string | null = null): void {
    if (keys.some((k) => this.outputs.has(k))) throw duplicate(spec);
    keys.forEach((k) => this.outputs.add(k));
    if (consumes) this.consumed.add(consumes);
  }

  private requireSelected(name: string): void {
    if (!this.page.selected.includes(name)) throw keyError(name);
  }

  private async forward(spec: LookupSpec, field: Many2OneField): Promise<void> {
    this.requireSelected(field.name);
    if (this.consumed.has(field.name)) throw duplicate(spec);
    const target = await enterTarget(this.scope, this.scope.env.model(field.target));
    const requested = spec.steps[0].fields;
    const fields = await targetFields(this.scope.env, target, requested);
    const inPlace = !spec.aliased && !spec.collapsed;
    const keys = spec.collapsed ? fields.map((f) => `${spec.name}.${f}`) : [spec.name];
    this.claim(spec, keys, inPlace || spec.collapsed ? field.name : null);
    const ids = unique(this.originals.map((r) => r[field.name]));
    const found = await this.read(target, 'id', ids, [...new Set([...fields, 'id'])]);
    const byId = new Map(found.map((r) => [r.id as number, pick(r, fields)]));
    this.page.rows.forEach((row, i) => {
      const value = byId.get(this.originals[i][field.name] as number) ?? null;
      if (spec.collapsed) {
        delete row[field.name];
        fields.forEach((f) => (row[`${spec.name}.${f}`] = value ? value[f] : null));
      } else {
        row[spec.name] = value;
      }
    });
  }

  /** Rows of `linkModel` whose `link` points at each row, as a list; `link` shown only when listed. */
  private async reverse(spec: LookupSpec, link: string, requested: string[] | null, linkModel: string) {
    this.requireSelected('id');
    const target = await enterTarget(this.scope, this.scope.env.model(linkModel));
    await requireReadable(this.scope.env, target.model, link);
    const fields = await targetFields(this.scope.env, target, requested);
    this.claim(spec, [spec.name]);
    const found = await this.read(target, link, this.page.ids, [...new Set([...fields, link])], true);
    const lists = this.group(found, link, (r) => pick(r, fields));
    this.page.rows.forEach((row, i) => (row[spec.name] = lists.get(this.page.ids[i]) ?? []));
  }

  /** Link rows with their far record nested under the reference (or, collapsed, merged in). */
  private async manyToMany(
    spec: LookupSpec,
    link: string,
    linkModel: string,
    requested: string[] | null,
    far: { name: string; fields: string[] | null },
  ): Promise<void> {
    this.requireSelected('id');
    const env = this.scope.env;
    const linkTarget = await enterTarget(this.scope, env.model(linkModel));
    const reference = ownField(linkTarget.model, far.name);
    if (!reference) throw keyError(far.name);
    if (!(reference instanceof Many2OneField)) {
      throw new BadRequestError(`Lookup ${pyRepr(spec.text)}: ${pyRepr(far.name)} is not a reference`);
    }
    await requireReadable(env, linkTarget.model, link);
    await requireReadable(env, linkTarget.model, far.name);
    const farTarget = await enterTarget(this.scope, env.model(reference.target));
    const linkFields = await targetFields(env, linkTarget, requested);
    const farFields = await targetFields(env, farTarget, far.fields);
    this.claim(spec, [spec.name]);
    const readFields = [...new Set([...linkFields, link, far.name])];
    const links = await this.read(linkTarget, link, this.page.ids, readFields, true);
    const farRows = await this.read(farTarget, 'id', unique(links.map((r) => r[far.name])), [
      ...new Set([...farFields, 'id']),
    ]);
    const byId = new Map(farRows.map((r) => [r.id as number, r]));
    const lists = this.group(links, link, (r) => {
      const entry = pick(r, linkFields);
      const farRow = pick(byId.get(r[far.name] as number), farFields);
      if (!spec.collapsed) entry[far.name] = farRow;
      // Merged, the far fields never overwrite the link row's own (pyDAL let the far id replace it).
      else for (const [k, v] of Object.entries(farRow)) if (!(k in entry)) entry[k] = v;
      return entry;
    });
    this.page.rows.forEach((row, i) => (row[spec.name] = lists.get(this.page.ids[i]) ?? []));
  }

  /** A many2many of the model: the far records of each row, in the relation's order. */
  private async many2many(spec: LookupSpec, field: Many2ManyField): Promise<void> {
    this.requireSelected('id');
    const env = this.scope.env;
    const target = await enterTarget(this.scope, env.model(field.target));
    const fields = await targetFields(env, target, spec.steps[0].fields);
    this.claim(spec, [spec.name]);
    const owners = await readX2ManyIds(env, this.page.model, field, this.page.ids);
    const ids = unique([...owners.values()].flat());
    const found = await this.read(target, 'id', ids, [...new Set([...fields, 'id'])]);
    const byId = new Map(found.map((r) => [r.id as number, pick(r, fields)]));
    this.page.rows.forEach((row, i) => {
      const list = owners.get(this.page.ids[i]) ?? [];
      row[spec.name] = list.filter((id) => byId.has(id)).map((id) => byId.get(id));
    });
  }

  private async read(target: Target, field: string, ids: number[], fields: string[], ordered = false) {
    if (!ids.length) return [];
    const domain = await targetDomain(target, field, ids);
    const query = ordered ? { order: [['id', 'ASC']] as [string, string][] } : { noOrder: true };
    return (await readRows(this.scope.env, target.model, { domain, activeTest: false, ...query }, fields))
      .rows;
  }

  private group(rows: Row[], link: string, shape: (row: Row) => Row): Map<number, Row[]> {
    const lists = new Map<number, Row[]>();
    for (const row of rows) {
      const owner = row[link] as number;
      let list = lists.get(owner);
      if (!list) lists.set(owner, (list = []));
      list.push(shape(row));
    }
    return lists;
  }
}

function duplicate(spec: LookupSpec): BadRequestError {
  return new BadRequestError(`Duplicate lookup ${pyRepr(spec.text)}`);
}
