import { boolean, char, many2many, many2one, one2many } from '../fields';
import { Model } from '../pool/model';

/**
 * Record rules (Tryton's ir.rule.group + ir.rule). A rule's domain is JSON in Tryton's domain syntax;
 * values of the form {"__eval__": "user.id" | "user.companies" | "user.company" | "user.groups"} are
 * replaced with the requesting user's values. Global groups are ANDed, group-specific ones ORed.
 */
export class RuleGroup extends Model {
  static override __name__ = 'ir.rule.group';
  static override description = 'Rule Group';
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    model: char({ string: 'Model', required: true, select: true }),
    global_p: boolean({ string: 'Global', default: true, help: 'Applies to every user (ANDed)' }),
    default_p: boolean({
      string: 'Default',
      default: false,
      help: 'Applies to users of no group of the rule',
    }),
    rules: one2many('ir.rule', 'rule_group', { string: 'Tests' }),
    groups: many2many('ir.rule.group-res.group', 'rule_group', 'group', 'res.group', { string: 'Groups' }),
    perm_read: boolean({ string: 'Read Access', default: true }),
    perm_write: boolean({ string: 'Write Access', default: true }),
    perm_create: boolean({ string: 'Create Access', default: true }),
    perm_delete: boolean({ string: 'Delete Access', default: true }),
  };
}

export class Rule extends Model {
  static override __name__ = 'ir.rule';
  static override description = 'Rule';
  static override _recName = 'domain';
  static override fields = {
    rule_group: many2one('ir.rule.group', { string: 'Group', required: true, ondelete: 'CASCADE' }),
    domain: char({ string: 'Domain', required: true, help: 'JSON domain, evaluated for the user' }),
  };
}

/** Buttons that need group membership (Tryton's ir.model.button). */
export class ModelButton extends Model {
  static override __name__ = 'ir.model.button';
  static override description = 'Model Button';
  static override fields = {
    model: char({ string: 'Model', required: true, select: true }),
    name: char({ string: 'Name', required: true }),
    string: char({ string: 'Label', translate: true }),
    groups: many2many('ir.model.button-res.group', 'button', 'group', 'res.group', { string: 'Groups' }),
  };
}
