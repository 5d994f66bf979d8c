import { extend, selection } from 'nest-tryton';

/**
 * E-mail templates take their addresses from parties and contact mechanisms too, and may name the
 * usage of the contact mechanism to pick (Tryton's party ir.EmailTemplate). The usages are the
 * usage flags modules add to contact mechanisms (invoice, delivery, ...): none among the mirrored
 * modules, so the only value is empty (Tryton's `(None, "")`).
 */
export const emailTemplateExtension = extend(
  'ir.email.template',
  (Base) =>
    class extends Base {
      static override fields = {
        contact_mechanism: selection([], {
          string: 'Contact Mechanism',
          help: "Define which email address to use from the party's contact mechanisms.",
        }),
      };

      static emailModels(): string[] {
        const base = (Base as unknown as { emailModels(): string[] }).emailModels();
        return [...base, 'party.party', 'party.contact_mechanism'];
      }
    },
);
