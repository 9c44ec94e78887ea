/**
 * What can be done with a quote, by status: edit, finalize or delete a draft; send, accept
 * or decline (on the customer's behalf) an open one; convert an open or accepted one into an
 * invoice (then opens it); download the PDF and duplicate any.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import type { Quote } from './quoteApi.ts';
import { useRefreshQuotes } from './quoteApi.ts';

function AnswerDialog({ quote, kind, onClose }: { quote: Quote; kind: 'accept' | 'decline'; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshQuotes();
  const [value, setValue] = useState('');
  const answer = useMutation({
    mutationFn: () => post<Quote>(`/quotes/${quote.id}/${kind}`, kind === 'accept' ? { name: value } : { reason: value || null }),
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'green', message: t(kind === 'accept' ? 'quotes.accepted' : 'quotes.declined') });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t(kind === 'accept' ? 'quotes.actions.accept' : 'quotes.actions.decline')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          answer.mutate();
        }}
      >
        <Stack>
          {kind === 'accept' ? (
            <TextInput label={t('quotes.acceptName')} required value={value} onChange={(e) => setValue(e.currentTarget.value)} error={answer.error?.message} data-autofocus />
          ) : (
            <Textarea label={t('quotes.declineReason')} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={answer.error?.message} data-autofocus />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.actions.cancel')}
            </Button>
            <Button type="submit" loading={answer.isPending} color={kind === 'decline' ? 'red' : undefined}>
              {t(kind === 'accept' ? 'quotes.actions.accept' : 'quotes.actions.decline')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function QuoteActions({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshQuotes();
  const [answering, setAnswering] = useState<'accept' | 'decline' | null>(null);
  const act = useMutation({
    mutationFn: (action: 'finalize' | 'send' | 'convert' | 'duplicate') => post<Quote>(`/quotes/${quote.id}/${action}`, action === 'send' ? {} : undefined),
    onSuccess: async (result, action) => {
      await refresh();
      notifications.show({ color: 'green', message: t(`quotes.done.${action}`) });
      if (action === 'convert' && result.invoice_id) void navigate(`/invoices/${result.invoice_id}`);
      if (action === 'duplicate') void navigate(`/quotes/${result.id}/edit`);
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const remove = async () => {
    await del(`/quotes/${quote.id}`);
    await refresh();
    void navigate('/quotes');
  };
  const sales = can('sales');
  const open = quote.status === 'open';
  return (
    <Group gap="xs" wrap="wrap">
      {sales && quote.status === 'draft' ? (
        <>
          <Button component={Link} to={`/quotes/${quote.id}/edit`} variant="default">
            {t('quotes.actions.edit')}
          </Button>
          <Button onClick={() => act.mutate('finalize')} loading={act.isPending && act.variables === 'finalize'}>
            {t('quotes.actions.finalize')}
          </Button>
          <ConfirmButton label={t('quotes.actions.delete')} title={t('quotes.actions.delete')} message={t('quotes.deleteConfirm')} confirmLabel={t('quotes.actions.delete')} color="red" variant="light" onConfirm={remove} />
        </>
      ) : null}
      {sales && (open || quote.status === 'accepted') ? (
        <Button onClick={() => act.mutate('convert')} loading={act.isPending && act.variables === 'convert'}>
          {t('quotes.actions.convert')}
        </Button>
      ) : null}
      {sales && open ? (
        <>
          <Button variant="light" color="green" onClick={() => setAnswering('accept')}>
            {t('quotes.actions.accept')}
          </Button>
          <Button variant="light" color="red" onClick={() => setAnswering('decline')}>
            {t('quotes.actions.decline')}
          </Button>
        </>
      ) : null}
      {sales && quote.status !== 'draft' ? (
        <Button variant="default" onClick={() => act.mutate('send')} loading={act.isPending && act.variables === 'send'}>
          {t('quotes.actions.send')}
        </Button>
      ) : null}
      {quote.invoice_id ? (
        <Button component={Link} to={`/invoices/${quote.invoice_id}`} variant="light">
          {t('quotes.actions.openInvoice')}
        </Button>
      ) : null}
      <Button component="a" href={`/api/v1/quotes/${quote.id}/pdf`} download variant="default">
        {t('quotes.actions.pdf')}
      </Button>
      {sales ? (
        <Button variant="subtle" onClick={() => act.mutate('duplicate')} loading={act.isPending && act.variables === 'duplicate'}>
          {t('quotes.actions.duplicate')}
        </Button>
      ) : null}
      {answering !== null ? <AnswerDialog quote={quote} kind={answering} onClose={() => setAnswering(null)} /> : null}
    </Group>
  );
}
