import { char, Decimal, integer, many2one, Model } from 'nest-tryton';
import type { Env, OrderSpec } from 'nest-tryton';
import { loyaltyErrors } from './exceptions';

/** A party's card in a program, holding the points earned so far. */
export class LoyaltyCard extends Model {
  static override __name__ = 'loyalty.card';
  static override description = 'Loyalty Card';
  static override _recName = 'number';
  static override _order: OrderSpec = [['number', 'ASC']];
  static override _constraints = [
    { name: 'number_unique', columns: ['number'], message: 'The number of the loyalty card must be unique.' },
  ];
  static override _rpc = {
    earn: { instance: true, readonly: false },
  };
  static override fields = {
    number: char({ string: 'Number', required: true }),
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE' }),
    program: many2one('loyalty.program', { string: 'Program', required: true }),
    points: integer({ string: 'Points', required: true, default: 0 }),
  };

  /** POST /:db/rest/model/loyalty.card/:id/earn {"amount": "12.50"}: adds the points an amount earns. */
  static async earn(
    env: Env,
    ids: number[],
    kwargs: Record<string, unknown> = {},
  ): Promise<{ points: number }[]> {
    const amount = kwargs.amount;
    if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount))
      return loyaltyErrors.raise('bad_amount', { amount: JSON.stringify(amount ?? null) });
    const cards = await this.read(env, ids, [
      'number',
      'points',
      'program.name',
      'program.rate',
      'program.active',
    ]);
    const result: { points: number }[] = [];
    for (const card of cards) {
      const program = card.program as { name: string; rate: Decimal; active: boolean };
      if (!program.active)
        loyaltyErrors.raise('inactive_program', { card: card.number, program: program.name });
      const points = (card.points as number) + new Decimal(amount).times(program.rate).floor().toNumber();
      await this.write(env, [card.id], { points });
      result.push({ points });
    }
    return result;
  }
}
