/**
 * The test clock (SETTLE_TEST_CLOCK=true on the server): a warning banner on every page, for
 * everyone, with the installation's business time (`test_clock` of GET /auth/me, null on a
 * normal installation), and for the owner — the only one who may move it — a dialog that
 * moves it forward.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { FormActions } from './FormActions.tsx';
import { userLocale } from '../i18n/locale.ts';

interface ClockState {
  now: string;
}

export function useTestClock(): { data: ClockState | null } {
  const { me } = useSession();
  return { data: me.test_clock };
}

/** The organization's calendar date now: on the test clock when it runs, else real time. */
export function useBusinessToday(): string {
  const { me } = useSession();
  const clock = useTestClock();
  return dateIn(clock.data ? new Date(clock.data.now) : new Date(), me.organization.time_zone);
}

// ── Wall time in the organization's zone ─────────────────────────────────────

function zoneParts(instant: Date, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  return ['year', 'month', 'day', 'hour', 'minute', 'second'].map((type) => Number(parts.find((p) => p.type === type)?.value ?? 0));
}

function safeZone(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone`. */
export function dateIn(instant: Date, timeZone: string): string {
  return wallTime(instant, timeZone).slice(0, 10);
}

/** "2026-11-23T11:00": the wall time at `instant` in `timeZone`, as a datetime-local input holds it. */
export function wallTime(instant: Date, timeZone: string): string {
  const zone = safeZone(timeZone);
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = zone === undefined ? localParts(instant) : zoneParts(instant, zone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
}

function localParts(instant: Date): number[] {
  return [instant.getFullYear(), instant.getMonth() + 1, instant.getDate(), instant.getHours(), instant.getMinutes(), instant.getSeconds()];
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The instant wall time `wall` ("YYYY-MM-DDTHH:mm") happens in `timeZone`; null when `wall` is not one. */
export function instantOf(wall: string, timeZone: string): Date | null {
  const m = WALL.exec(wall);
  if (m === null) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const zone = safeZone(timeZone);
  if (zone === undefined) return new Date(y, mo - 1, d, h, mi);
  // The zone's offset at a guess, then at the corrected instant (right across DST changes).
  const offsetAt = (ms: number) => {
    const [py = 0, pmo = 1, pd = 1, ph = 0, pmi = 0, ps = 0] = zoneParts(new Date(ms), zone);
    return Date.UTC(py, pmo - 1, pd, ph, pmi, ps) - ms;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant);
}

/** `wall` moved by whole days or months, the day of month kept (or the month's last). */
export function addToWall(wall: string, amount: { days?: number; months?: number }): string {
  const m = WALL.exec(wall);
  if (m === null) return wall;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const months = amount.months ?? 0;
  const lastDay = new Date(Date.UTC(y, mo - 1 + months + 1, 0)).getUTCDate();
  const moved = new Date(Date.UTC(y, mo - 1 + months, Math.min(d, lastDay) + (amount.days ?? 0), h, mi));
  return moved.toISOString().slice(0, 16);
}

// ── The banner and its dialog ────────────────────────────────────────────────

export function TestClockBanner() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const clock = useTestClock();
  const [advancing, setAdvancing] = useState(false);
  if (!clock.data) return null;
  const timeZone = safeZone(me.organization.time_zone);
  const shown = new Intl.DateTimeFormat(userLocale(), { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(clock.data.now));
  return (
    <Alert color="orange" variant="filled" mb="md" role="status" aria-label={t('shared.testClock.label')}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {t('shared.testClock.banner', { time: shown })}
          <Text span size="sm" fw={400}>
            {' '}
            {t('shared.testClock.warning')}
          </Text>
        </Text>
        {can('owner') ? (
          <Button size="xs" variant="white" color="orange" onClick={() => setAdvancing(true)}>
            {t('shared.testClock.advance')}
          </Button>
        ) : null}
      </Group>
      <Modal opened={advancing} onClose={() => setAdvancing(false)} title={t('shared.testClock.dialogTitle')} centered>
        {advancing ? <AdvanceForm now={clock.data.now} timeZone={me.organization.time_zone} onDone={() => setAdvancing(false)} /> : null}
      </Modal>
    </Alert>
  );
}

function AdvanceForm({ now, timeZone, onDone }: { now: string; timeZone: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(() => wallTime(new Date(now), timeZone));
  const [error, setError] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: (target: Date) => post<ClockState>('/test-clock', { now: target.toISOString() }),
    onSuccess: async (state) => {
      // Invoices, statuses, "today": everything the clock touches may have changed.
      await queryClient.invalidateQueries();
      notifications.show({ color: 'green', message: t('shared.testClock.moved', { time: wallTime(new Date(state.now), timeZone).replace('T', ' ') }) });
      onDone();
    },
    onError: (e) => setError(e instanceof ApiError && e.fieldErrors.length > 0 ? e.fieldErrors.map((f) => f.message).join('; ') : e.message),
  });
  const submit = () => {
    setError(null);
    const target = instantOf(value, timeZone);
    if (target === null) setError(t('shared.testClock.enterDateTime'));
    else move.mutate(target);
  };
  const quick = (label: string, amount: { days?: number; months?: number }) => (
    <Button key={label} size="xs" variant="light" onClick={() => setValue((v) => addToWall(v, amount))}>
      {label}
    </Button>
  );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('shared.testClock.explanation')}
        </Text>
        <TextInput
          label={t('shared.testClock.moveTo')}
          description={t('shared.testClock.dateTimeIn', { timeZone })}
          type="datetime-local"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group gap="xs">
          {quick(t('shared.testClock.plusDay'), { days: 1 })}
          {quick(t('shared.testClock.plusWeek'), { days: 7 })}
          {quick(t('shared.testClock.plusMonth'), { months: 1 })}
        </Group>
        <FormActions onCancel={onDone} submitting={move.isPending}>
          {t('shared.testClock.submit')}
        </FormActions>
      </Stack>
    </form>
  );
}
