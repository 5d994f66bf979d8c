import { Injectable } from '@nestjs/common';
import type { PlainDateTime } from '../fields';
import type { Env } from '../pool/env';
import { AccessError } from '../pool/errors';
import { ReportRenderer, RenderedReport, TrytonReport } from '../rest/report.registry';

const escape = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** "1 day, 2:05": Tryton's rendering of the time left (a timedelta to the minute). */
export function expireDelay(expire: PlainDateTime | null, now = Date.now()): string {
  if (!expire) return '';
  const end = Date.UTC(expire.year, expire.month - 1, expire.day, expire.hour, expire.minute, expire.second);
  const minutes = Math.max(0, Math.round((end - now) / 60_000));
  const days = Math.floor(minutes / 1440);
  const rest = minutes % 1440;
  const clock = `${Math.floor(rest / 60)}:${String(rest % 60).padStart(2, '0')}:00`;
  return days ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
}

/**
 * Tryton's res.user.email_reset_password: the HTML e-mail giving a user the temporary password that
 * reset_password set, and how long it is valid. It reads password_reset with the caller's rights:
 * administrators only.
 */
@Injectable()
@TrytonReport('res.user.email_reset_password')
export class ResetPasswordReport implements ReportRenderer {
  readonly model = 'res.user';

  async render(env: Env, ids: number[]): Promise<RenderedReport> {
    const User = env.model('res.user');
    if ((await env.access.deniedFields(env, User, 'read')).has('password_reset')) {
      throw new AccessError('You are not allowed to read the temporary passwords of users');
    }
    const users = await env
      .model('res.user')
      .read(env, ids, ['name', 'login', 'password_reset', 'password_reset_expire']);
    const body = users
      .map((u) => {
        const expire = u.password_reset_expire as PlainDateTime | null;
        return u.password_reset
          ? `<p>Dear ${escape(u.name || u.login)},</p><p>The password of the login <b>${escape(u.login)}</b> was reset. Your temporary password is:</p><p><code>${escape(u.password_reset)}</code></p><p>It is valid for ${escape(expireDelay(expire))} (until ${escape(expire)} UTC). Please set a new password.</p>`
          : `<p>Dear ${escape(u.name || u.login)},</p><p>The login <b>${escape(u.login)}</b> has no temporary password.</p>`;
      })
      .join('');
    const html = `<!DOCTYPE html><html lang="${escape(env.lang)}"><head><meta charset="utf-8"><title>Reset Password</title></head><body>${body}</body></html>`;
    return { content: Buffer.from(html), ext: 'html', filename: 'Reset Password' };
  }
}
