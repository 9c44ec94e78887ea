import { describe, expect, it } from 'vitest';
import { emailHtml } from '../../../src/modules/email/email-html.ts';
import { redact } from '../../../src/modules/email/mailer.ts';
import { senderAddress } from '../../../src/modules/email/deliver-email.ts';

describe('e-mail HTML alternative', () => {
  it('escapes the text, keeps paragraphs and line breaks, and links only the invoice link', () => {
    const link = 'https://billing.example.com/p/a_b-c?x=1&y=2';
    const html = emailHtml(`Hello <script>alert(1)</script>,\nsecond line\n\nSee ${link}\nand https://evil.example/`, link);
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,<br>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://billing.example.com/p/a_b-c?x=1&amp;y=2">https://billing.example.com/p/a_b-c?x=1&amp;y=2</a>');
    expect(html).not.toContain('href="https://evil.example/');
    expect(html.match(/<p /g)).toHaveLength(2);
  });
});

describe('mail secrets', () => {
  it('cuts credentials out of error text', () => {
    expect(redact('auth failed for smtp://user:s3cret@host (s3cret)', ['smtp://user:s3cret@host', 's3cret'])).toBe('auth failed for *** (***)');
  });

  it('finds the address inside MAIL_FROM', () => {
    expect(senderAddress('Settle <no-reply@example.com>')).toBe('no-reply@example.com');
    expect(senderAddress('billing@example.com')).toBe('billing@example.com');
  });
});
