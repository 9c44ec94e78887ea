/**
 * What a password must be to protect an account that can see and move money: long enough,
 * not the person's own e-mail address or name, and not guessable — judged by zxcvbn-ts with
 * its offline dictionaries (tens of thousands of passwords from public breaches, common
 * names and words, keyboard patterns, dates, repeats, l33t speak). A password it scores
 * below 3 ("safely unguessable: moderate protection from offline slow-hash attacks") is
 * refused with its reason. The dictionaries (~3 MB) load on first use, not at start-up.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './secrets.ts';

/** zxcvbn's scale is 0–4; 3 means about 10^8 guesses or more. */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordOwner {
  email?: string | null | undefined;
  name?: string | null | undefined;
}

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  return estimator;
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The words of the person's identity the password must not be (or be built on). */
function personalWords(owner: PasswordOwner): string[] {
  const words = new Set<string>(['settle']);
  const email = owner.email ? normalise(owner.email) : '';
  if (email) {
    words.add(email);
    const [local, domain] = email.split('@');
    if (local) {
      words.add(local);
      for (const part of local.split(/[._+-]/)) if (part.length >= 3) words.add(part);
    }
    if (domain) words.add(domain.split('.')[0] ?? domain);
  }
  const name = owner.name ? normalise(owner.name) : '';
  if (name) {
    words.add(name);
    words.add(name.replace(/ /g, ''));
    for (const part of name.split(' ')) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Why `password` is refused, as a sentence for the person choosing it; null when it is good.
 * Never logs or returns the password itself.
 */
export async function passwordProblem(password: string, owner: PasswordOwner = {}): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const given = normalise(password);
  if (given === '') return 'must not be only spaces';
  const email = owner.email ? normalise(owner.email) : '';
  const name = owner.name ? normalise(owner.name) : '';
  if ((email && (given === email || given === email.split('@')[0])) || (name && given === name)) {
    return 'must not be your e-mail address or name';
  }
  const result = (await loadEstimator()).check(password, personalWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ?? 'It would be guessed quickly by software that tries common passwords.';
  const hint = result.feedback.suggestions[0] ?? 'Use a few unrelated words or a longer phrase.';
  return `is too easy to guess. ${why} ${hint}`.trim();
}
