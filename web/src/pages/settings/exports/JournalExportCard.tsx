/** The journal download: period (defaults to last month), format and currency, checked before the link is offered. */
import { useState } from 'react';
import { Button, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { DateField } from '../../../components/inputs/DateField.tsx';
import { query } from '../../../api/client.ts';

type Format = 'json' | 'csv' | 'datev';

/** The first and last day of the month before `today` (YYYY-MM-DD). */
export function lastMonth(today: Date): { from: string; to: string } {
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export function JournalExportCard() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const initial = lastMonth(new Date());
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [format, setFormat] = useState<Format>('datev');
  const [currency, setCurrency] = useState(me.organization.currency);

  const days = from && to ? (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 : 0;
  const problem = !from
    ? { field: 'from', text: t('exports.journal.errors.required') }
    : !to
      ? { field: 'to', text: t('exports.journal.errors.required') }
      : to < from
        ? { field: 'to', text: t('exports.journal.errors.order') }
        : days >= 366
          ? { field: 'to', text: t('exports.journal.errors.tooLong') }
          : format === 'datev' && from.slice(0, 4) !== to.slice(0, 4)
            ? { field: 'to', text: t('exports.journal.errors.year') }
            : !/^[A-Za-z]{3}$/.test(currency.trim())
              ? { field: 'currency', text: t('exports.journal.errors.currency') }
              : null;
  const href = `/api/v1/exports/journal${query({ from, to, format, currency: currency.trim().toUpperCase(), locale: format === 'csv' ? i18n.language : undefined })}`;

  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        {t('exports.journal.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('exports.journal.help')}
      </Text>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <DateField label={t('exports.journal.from')} value={from} onChange={setFrom} error={problem?.field === 'from' ? problem.text : undefined} />
          <DateField label={t('exports.journal.to')} value={to} onChange={setTo} error={problem?.field === 'to' ? problem.text : undefined} />
          <Select
            label={t('exports.journal.format')}
            value={format}
            onChange={(value) => value && setFormat(value)}
            allowDeselect={false}
            data={[
              { value: 'datev', label: t('exports.journal.formats.datev') },
              { value: 'csv', label: t('exports.journal.formats.csv') },
              { value: 'json', label: t('exports.journal.formats.json') },
            ]}
          />
          <TextInput label={t('exports.journal.currency')} value={currency} maxLength={3} onChange={(event) => setCurrency(event.currentTarget.value)} error={problem?.field === 'currency' ? problem.text : undefined} />
        </SimpleGrid>
        <div>
          {problem === null ? (
            <Button component="a" href={href} download>
              {t('exports.journal.download')}
            </Button>
          ) : (
            <Button disabled>{t('exports.journal.download')}</Button>
          )}
        </div>
      </Stack>
    </Paper>
  );
}
