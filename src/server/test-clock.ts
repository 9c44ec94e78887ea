/**
 * Test mode (SETTLE_TEST_CLOCK=true): the installation's business clock becomes a TestClock
 * (kernel/test-clock.ts) and the owner gets `GET/POST /api/v1/test-clock`. Moving the clock
 * returns once every piece of scheduled work due up to the new time has run, in the order of
 * its due times (Scheduler.advanceTo). Without the variable the routes do not exist (404).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../kernel/deps.ts';
import { problemResponses } from '../kernel/http/schemas.ts';
import { TestClock } from '../kernel/test-clock.ts';

export const TEST_CLOCK_WARNING =
  'SETTLE_TEST_CLOCK is on: the owner can move this installation\'s clock forward and generate months of invoices at once. Never use it with real customers.';

const ClockState = z.object({ now: z.string().meta({ description: 'The installation\'s current business time (RFC 3339, UTC)' }) });
const MoveClock = z
  .object({ now: z.iso.datetime({ offset: true, message: 'must be a date and time such as "2027-03-01T00:00:00Z"' }) })
  .strict();

/** Wraps the clock in a TestClock that follows the database (every request, and every second). */
export async function testClockDeps(app: FastifyInstance, deps: AppDeps): Promise<AppDeps> {
  const clock = new TestClock(deps.clock, deps.db);
  await clock.refresh();
  app.log.warn(TEST_CLOCK_WARNING);
  app.addHook('onRequest', async () => {
    await clock.refresh();
  });
  const timer = setInterval(() => void clock.refresh().catch(() => undefined), 1000);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
  return { ...deps, clock };
}

export function registerTestClockRoutes(app: FastifyInstance, deps: AppDeps): void {
  const clock = deps.clock;
  if (!(clock instanceof TestClock)) return;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Test clock'];
  api.get(
    '/test-clock',
    {
      config: { requires: 'owner' },
      schema: { tags, summary: 'The test clock (only with SETTLE_TEST_CLOCK=true)', response: { 200: ClockState, ...problemResponses(401, 403) } },
    },
    () => ({ now: clock.now().toISOString() }),
  );
  api.post(
    '/test-clock',
    {
      config: { requires: 'owner' },
      schema: {
        tags,
        summary: 'Move the installation\'s clock forward; returns once all billing work due up to then has run',
        body: MoveClock,
        response: { 200: ClockState, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request) => {
      const target = new Date(request.body.now);
      await clock.assertForward(target);
      await app.scheduler.advanceTo(clock, target);
      return { now: clock.now().toISOString() };
    },
  );
}
