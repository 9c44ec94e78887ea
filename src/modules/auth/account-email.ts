/**
 * The `account.email` job: delivers an invitation or a password-reset link to the address
 * it belongs to. The link's secret is minted here, at delivery (see account-tokens.ts), so
 * it exists only in the message handed to the SMTP server. A retried delivery mints a new
 * secret; the link of an earlier, possibly delivered attempt then stops working, and the
 * newest e-mail is the one that counts.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import type { JobHandler } from '../../kernel/jobs/worker.ts';
import { emailHtml } from '../email/email-html.ts';
import { createSmtpMailer, type Mailer } from '../email/mailer.ts';
import { senderAddress } from '../email/deliver-email.ts';
import { mintAccountToken, type AccountTokenPurpose } from './account-tokens.ts';

export const ACCOUNT_EMAIL_JOB = 'account.email';
export const ACCOUNT_EMAIL_MAX_ATTEMPTS = 6;

const Payload = z.union([
  z.object({ token_id: z.string().min(1).max(64) }).strict(),
  /** Tells the owner of an account that sign-ins from one address were paused after repeated failures. */
  z.object({ notice: z.literal('sign_in_failures'), user_id: z.string().min(1).max(64), address: z.string().max(64), attempts: z.number().int().min(1) }).strict(),
]);
export type AccountEmailPayload = z.output<typeof Payload>;

/** Where each kind of link opens in the web app. */
export const ACCOUNT_LINK_PATHS: Record<AccountTokenPurpose, string> = {
  invitation: '/invitation',
  password_reset: '/reset-password',
};

export function accountLink(baseUrl: string, purpose: AccountTokenPurpose, token: string): string {
  return `${baseUrl}${ACCOUNT_LINK_PATHS[purpose]}?token=${encodeURIComponent(token)}`;
}

interface MailFacts {
  purpose: AccountTokenPurpose;
  email: string;
  name: string;
  organization: string | null;
  inviter: string | null;
  role: string | null;
  expiresAt: string;
}

function readableUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Subject and text of the e-mail (English until the app speaks more languages). */
export function composeAccountEmail(facts: MailFacts, link: string): { subject: string; text: string } {
  if (facts.purpose === 'invitation') {
    const who = facts.inviter ?? 'An administrator';
    const org = facts.organization ?? 'an organization';
    return {
      subject: `${who} invited you to ${org} on Settle`,
      text: [
        `Hello ${facts.name},`,
        `${who} invited you to join ${org} on Settle as ${facts.role ?? 'a user'}.`,
        `Accept the invitation: ${link}`,
        `The link works once and expires on ${readableUtc(facts.expiresAt)}. If you did not expect this invitation, ignore this e-mail: nothing happens unless you accept it.`,
      ].join('\n\n'),
    };
  }
  return {
    subject: 'Reset your Settle password',
    text: [
      `Hello ${facts.name},`,
      `Someone — hopefully you — asked to reset the password of the Settle account ${facts.email}.`,
      `Choose a new password: ${link}`,
      `The link works once and expires on ${readableUtc(facts.expiresAt)}. If you did not ask for this, ignore this e-mail: your password stays as it is.`,
    ].join('\n\n'),
  };
}

/** The warning after repeated failed sign-ins from one address. */
export function composeSignInFailuresEmail(facts: { name: string; email: string; address: string; attempts: number; at: string }, resetLink: string): { subject: string; text: string } {
  return {
    subject: 'Failed sign-in attempts on your Settle account',
    text: [
      `Hello ${facts.name},`,
      `There were ${facts.attempts} failed attempts to sign in to your Settle account (${facts.email}) from the address ${facts.address}, the last at ${readableUtc(facts.at)}. Sign-ins from that address are paused for a while; from anywhere else your account works as usual.`,
      `If this was you, wait a little and try again, or choose a new password: ${resetLink}`,
      'If it was not you, nobody got in. Keep your password to yourself, and consider turning on two-factor sign-in under Settings → Your account.',
    ].join('\n\n'),
  };
}

export function accountEmailHandler(deps: AppDeps): JobHandler<AccountEmailPayload> {
  let mailer: Mailer | null = null;
  const mailerFor = (url: string): Mailer => (mailer ??= createSmtpMailer(url));
  const messageId = (id: string) => `<${id}.${crypto.randomBytes(6).toString('hex')}@${senderAddress(deps.config.MAIL_FROM).split('@')[1] ?? 'localhost'}>`;

  async function sendNotice(payload: Extract<AccountEmailPayload, { notice: string }>): Promise<void> {
    const url = deps.config.SMTP_URL;
    const user = await deps.db.kysely.selectFrom('users').select(['name', 'email']).where('id', '=', payload.user_id).executeTakeFirst();
    if (url === undefined || user === undefined) return;
    const link = `${publicBaseUrl(deps.config)}/forgot-password`;
    const mail = composeSignInFailuresEmail({ ...user, address: payload.address, attempts: payload.attempts, at: deps.clock.now().toISOString() }, link);
    await mailerFor(url).send({ from: deps.config.MAIL_FROM, to: user.email, subject: mail.subject, text: mail.text, html: emailHtml(mail.text, link), messageId: messageId(payload.user_id), attachments: [] });
  }

  return {
    payload: Payload,
    async run(payload) {
      if ('notice' in payload) return sendNotice(payload);
      const row = await deps.db.kysely
        .selectFrom('account_tokens')
        .innerJoin('users', 'users.id', 'account_tokens.user_id')
        .leftJoin('organizations', 'organizations.id', 'account_tokens.organization_id')
        .leftJoin('users as inviter', 'inviter.id', 'account_tokens.created_by')
        .leftJoin('memberships', (join) =>
          join.onRef('memberships.user_id', '=', 'account_tokens.user_id').onRef('memberships.organization_id', '=', 'account_tokens.organization_id'),
        )
        .select([
          'account_tokens.purpose',
          'account_tokens.expires_at',
          'users.email',
          'users.name',
          'organizations.name as organization',
          'inviter.name as inviter',
          'memberships.role',
        ])
        .where('account_tokens.id', '=', payload.token_id)
        .executeTakeFirst();
      if (row === undefined || (row.purpose !== 'invitation' && row.purpose !== 'password_reset')) return;
      const url = deps.config.SMTP_URL;
      if (url === undefined) return; // SMTP_URL was removed since: nothing can be sent; the operator's CLI can make a link.
      // Minted last, right before sending: a link that was used or ended meanwhile is not sent.
      const token = await mintAccountToken(deps.db.kysely, payload.token_id, deps.clock.now());
      if (token === null) return;
      const link = accountLink(publicBaseUrl(deps.config), row.purpose, token);
      const mail = composeAccountEmail(
        { purpose: row.purpose, email: row.email, name: row.name, organization: row.organization, inviter: row.inviter, role: row.role, expiresAt: row.expires_at },
        link,
      );
      await mailerFor(url).send({
        from: deps.config.MAIL_FROM,
        to: row.email,
        subject: mail.subject,
        text: mail.text,
        html: emailHtml(mail.text, link),
        messageId: messageId(payload.token_id),
        attachments: [],
      });
    },
  };
}
