/** What Tryton's compute_next_call reads of a cron. */
export interface CronSchedule {
  interval_number: number;
  interval_type: 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
  minute: number | null;
  hour: number | null;
  day: number | null;
  /** The index of the weekday (0 Monday ... 6 Sunday), or null. */
  weekday: number | null;
}

const randomInt = (max: number) => Math.floor(Math.random() * (max + 1));

/**
 * Tryton's Cron.compute_next_call, in UTC: now plus the interval, then the minute, hour, day of the
 * month (within the month) and weekday (the next one on or after) the cron asks for; the ones it
 * leaves empty are drawn at random (so crons spread over time), to the minute.
 */
export function computeNextCall(cron: CronSchedule, now: Date, random = randomInt): Date {
  const t = new Date(now.getTime());
  const n = cron.interval_number;
  switch (cron.interval_type) {
    case 'minutes':
      t.setUTCMinutes(t.getUTCMinutes() + n);
      break;
    case 'hours':
      t.setUTCHours(t.getUTCHours() + n);
      break;
    case 'days':
      t.setUTCDate(t.getUTCDate() + n);
      break;
    case 'weeks':
      t.setUTCDate(t.getUTCDate() + 7 * n);
      break;
    case 'months':
      setMonth(t, t.getUTCMonth() + n, t.getUTCDate());
      break;
  }
  t.setUTCSeconds(0, 0);
  const type = cron.interval_type;
  if (type !== 'minutes') t.setUTCMinutes(cron.minute ?? random(59));
  if (type !== 'minutes' && type !== 'hours') t.setUTCHours(cron.hour ?? random(23));
  if (type === 'months') {
    // relativedelta(day=0) leaves the day; a day past the month's end is its last day.
    const day = cron.day ?? random(31);
    if (day) setMonth(t, t.getUTCMonth(), day);
  }
  if (cron.weekday !== null && (type === 'weeks' || type === 'months')) {
    const current = (t.getUTCDay() + 6) % 7; // 0 Monday
    t.setUTCDate(t.getUTCDate() + ((cron.weekday - current + 7) % 7));
  }
  return t;
}

/** Moves to `day` of `month` (months may overflow the year), the day clipped to the month's length. */
function setMonth(t: Date, month: number, day: number): void {
  const year = t.getUTCFullYear() + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  t.setUTCFullYear(year, m, Math.min(day, last));
}
