import { Injectable } from '@nestjs/common';
import type { Env } from '../pool/env';
import { ReportRenderer, RenderedReport, TrytonReport } from '../rest/report.registry';

const escape = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Tryton's res.user.email_reset_password: the HTML e-mail telling a user their password was reset. */
@Injectable()
@TrytonReport('res.user.email_reset_password')
export class ResetPasswordReport implements ReportRenderer {
  readonly model = 'res.user';

  async render(env: Env, ids: number[]): Promise<RenderedReport> {
    const users = await env.model('res.user').read(env, ids, ['name', 'login', 'password_reset_expire']);
    const body = users
      .map(
        (u) =>
          `<p>Dear ${escape(u.name || u.login)},</p><p>A temporary password was set for the login <b>${escape(u.login)}</b>. It expires on ${escape(u.password_reset_expire)} (UTC).</p>`,
      )
      .join('');
    const html = `<!DOCTYPE html><html lang="${escape(env.lang)}"><head><meta charset="utf-8"><title>Reset Password</title></head><body>${body}</body></html>`;
    return { content: Buffer.from(html), ext: 'html', filename: 'Reset Password' };
  }
}
