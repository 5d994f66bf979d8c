import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeNextCall, CronSchedule } from './next-call';

const at = (text: string) => new Date(`${text}Z`);
const cron = (values: Partial<CronSchedule>): CronSchedule => ({
  interval_number: 1,
  interval_type: 'days',
  minute: null,
  hour: null,
  day: null,
  weekday: null,
  ...values,
});
const never = () => {
  throw new Error('no random draw expected');
};

describe("a cron's next call (Tryton's compute_next_call, UTC)", () => {
  it('adds minutes and hours, to the minute', () => {
    const now = at('2026-03-10T10:17:42.5');
    assert.equal(
      computeNextCall(cron({ interval_type: 'minutes', interval_number: 5 }), now, never).toISOString(),
      '2026-03-10T10:22:00.000Z',
    );
    assert.equal(
      computeNextCall(
        cron({ interval_type: 'hours', interval_number: 2, minute: 30 }),
        now,
        never,
      ).toISOString(),
      '2026-03-10T12:30:00.000Z',
    );
  });

  it('runs a daily cron the next day at its hour and minute, drawn when not given', () => {
    const now = at('2026-03-10T10:17:42');
    assert.equal(
      computeNextCall(cron({ hour: 3, minute: 0 }), now, never).toISOString(),
      '2026-03-11T03:00:00.000Z',
    );
    const drawn: number[] = [];
    const next = computeNextCall(cron({}), now, (max) => (drawn.push(max), max));
    assert.deepEqual(drawn, [59, 23]);
    assert.equal(next.toISOString(), '2026-03-11T23:59:00.000Z');
  });

  it('keeps a monthly day within the month and moves a weekly one to its weekday', () => {
    const jan = at('2026-01-31T08:00:00');
    assert.equal(
      computeNextCall(
        cron({ interval_type: 'months', day: 31, hour: 6, minute: 0 }),
        jan,
        never,
      ).toISOString(),
      '2026-02-28T06:00:00.000Z',
    );
    // 2026-03-10 is a Tuesday: a week later, then the next Monday (index 0) on or after.
    assert.equal(
      computeNextCall(
        cron({ interval_type: 'weeks', weekday: 0, hour: 1, minute: 15 }),
        at('2026-03-10T09:00:00'),
        never,
      ).toISOString(),
      '2026-03-23T01:15:00.000Z',
    );
    assert.equal(
      computeNextCall(
        cron({ interval_type: 'months', interval_number: 11, day: 15, hour: 0, minute: 0 }),
        at('2026-03-10T00:00:00'),
        never,
      ).toISOString(),
      '2027-02-15T00:00:00.000Z',
    );
  });
});
