/**
 * The test clock (SETTLE_TEST_CLOCK=true): business time — invoice dates, billing, overdue,
 * reminders, event times — runs at an offset from real time that the owner moves forward
 * (POST /test-clock). The offset lives in the database (table test_clock) so every process
 * of the installation agrees: each reads it at the start of every request and before it
 * looks for due work. Sign-in, sessions, tokens and two-factor codes keep real time
 * (`wallClockOf`): moving the calendar a year must not sign everyone out or break their
 * authenticator.
 */
import type { Db } from '../db/executor.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';

export class TestClock implements Clock {
  private offsetMs = 0;

  constructor(
    /** Real time (or a test's fixed clock standing in for it). */
    readonly wall: Clock,
    private readonly db: Db,
  ) {}

  now(): Date {
    return new Date(this.wall.now().getTime() + this.offsetMs);
  }

  /** Picks up a move made by any process. */
  async refresh(): Promise<void> {
    const row = await this.db.kysely.selectFrom('test_clock').select(['clock_now', 'real_at']).where('id', '=', 1).executeTakeFirst();
    this.offsetMs = row ? Date.parse(row.clock_now) - Date.parse(row.real_at) : 0;
  }

  /**
   * 409 naming `now` when `target` is before the time the clock was last set to: the test
   * clock only moves forward. (Setting the same time again is allowed: two processes asked
   * to advance to one time both run what is due, neither moves the clock back.)
   */
  async assertForward(target: Date): Promise<void> {
    const row = await this.db.kysely.selectFrom('test_clock').select('clock_now').where('id', '=', 1).executeTakeFirst();
    const setTo = row ? Date.parse(row.clock_now) : this.wall.now().getTime();
    if (target.getTime() >= setTo) return;
    const message = `must not be before ${new Date(setTo).toISOString()}, the time the test clock was last set to: it only moves forward`;
    throw new AppError('conflict', `now: ${message}`, [{ path: 'now', message }]);
  }

  /** Moves business time to `target`, or keeps it where it is when it is there already (another process moved it further). */
  async catchUpTo(target: Date): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      // One mover at a time: the row is written by everyone who moves the clock.
      await trx
        .insertInto('test_clock')
        .values({ id: 1, clock_now: this.wall.now().toISOString(), real_at: this.wall.now().toISOString() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const row = await trx
        .selectFrom('test_clock')
        .select(['clock_now', 'real_at'])
        .where('id', '=', 1)
        .$if(this.db.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row) throw new Error('invariant: the test clock row was just written');
      const wall = this.wall.now();
      const current = Date.parse(row.clock_now) + (wall.getTime() - Date.parse(row.real_at));
      if (target.getTime() <= current) {
        this.offsetMs = current - wall.getTime();
        return;
      }
      await trx.updateTable('test_clock').set({ clock_now: target.toISOString(), real_at: wall.toISOString() }).where('id', '=', 1).execute();
      this.offsetMs = target.getTime() - wall.getTime();
    });
  }
}

export function isTestClock(clock: Clock): clock is TestClock {
  return clock instanceof TestClock;
}

/** Real time for what must never follow the test clock (sessions, sign-in limits, tokens, TOTP). */
export function wallClockOf(clock: Clock): Clock {
  return clock instanceof TestClock ? clock.wall : clock;
}
