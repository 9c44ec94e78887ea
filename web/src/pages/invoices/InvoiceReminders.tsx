/**
 * The invoice page's reminders card: the reminders sent (and steps passed over), whether
 * they are paused, late-fee invoices, and — for accountants — "Send reminder now" (with a
 * confirmation) and pause/resume.
 */
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { stepLabel } from '../settings/reminderSteps.ts';
import { isZero, useRefreshBilling, type Invoice } from './invoiceApi.ts';
import type { InvoiceRemindersOut } from '../../../../src/modules/reminders/reminders.schemas.ts';

export function InvoiceReminders({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const refresh = useRefreshBilling();
  const key = ['invoice-reminders', invoice.id];
  const state = useQuery({ queryKey: key, queryFn: () => get<InvoiceRemindersOut>(`/invoices/${invoice.id}/reminders`) });
  const done = (message: string) => (data: InvoiceRemindersOut) => {
    queryClient.setQueryData(key, data);
    void refresh();
    notifications.show({ color: 'green', message });
  };
  const fail = (error: Error) => notifications.show({ color: 'red', title: t('invoice.actions.failed'), message: error.message });
  const pause = useMutation({ mutationFn: (paused: boolean) => post<InvoiceRemindersOut>(`/invoices/${invoice.id}/reminders/${paused ? 'pause' : 'resume'}`), onError: fail });
  const send = useMutation({ mutationFn: () => post<InvoiceRemindersOut>(`/invoices/${invoice.id}/send-reminder`, {}), onSuccess: done(t('invoice.reminders.queued')), onError: fail });

  if (state.isPending || state.isError) return null;
  const data = state.data;
  const remindable = (invoice.status === 'open' || invoice.status === 'partially_paid') && !isZero(invoice.amount_due);
  const accountant = session.can('accountant');
  const sent = data.reminders.filter((r) => r.status === 'sent');

  return (
    <Paper withBorder p="md" component="section" aria-label={t('invoice.reminders.title')}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('invoice.reminders.title')}
          </Title>
          {data.paused ? (
            <Badge color="orange" variant="light">
              {t('invoice.reminders.paused')}
            </Badge>
          ) : remindable ? (
            <Badge color="green" variant="light">
              {t('invoice.reminders.active')}
            </Badge>
          ) : null}
        </Group>
        {sent.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('invoice.reminders.none')}{' '}
            <Anchor component={Link} to="/settings/reminders" size="sm">
              {t('invoice.reminders.settings')}
            </Anchor>
          </Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.reminders.map((r) => (
              <Text key={r.id} size="sm" component="li" c={r.status === 'skipped' ? 'dimmed' : undefined}>
                {formatDate(r.created_at.slice(0, 10))} · {r.step === null ? t('invoice.reminders.byHand') : stepLabel(r.step)}
                {r.status === 'skipped' ? ` (${t('invoice.reminders.skipped')})` : ` → ${r.recipient ?? ''}`}
              </Text>
            ))}
          </Stack>
        )}
        {data.late_fee_invoices.map((fee) => (
          <Text key={fee.id} size="sm">
            {t('invoice.reminders.lateFee')}{' '}
            <Anchor component={Link} to={`/invoices/${fee.id}`}>
              {fee.number ?? t('invoice.reminders.draft')}
            </Anchor>{' '}
            ({formatMoney(fee.total, fee.currency)})
          </Text>
        ))}
        {accountant && remindable ? (
          <Group gap="xs" mt={4}>
            <ConfirmButton
              label={t('invoice.reminders.sendNow')}
              variant="light"
              title={t('invoice.reminders.sendTitle')}
              message={t('invoice.reminders.sendMessage')}
              confirmLabel={t('invoice.reminders.sendConfirm')}
              onConfirm={() => send.mutateAsync().then(() => undefined)}
            />
            <Button variant="default" loading={pause.isPending} onClick={() => pause.mutate(!data.paused, { onSuccess: done(data.paused ? t('invoice.reminders.resumed') : t('invoice.reminders.pausedDone')) })}>
              {data.paused ? t('invoice.reminders.resume') : t('invoice.reminders.pause')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
