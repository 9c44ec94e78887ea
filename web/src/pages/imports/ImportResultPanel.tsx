/** What a check (dry run) or an import answered: its counts and the problems per row and column. */
import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format.ts';
import type { ImportResult } from './importApi.ts';

const LIST_PATH = { customers: '/customers', products: '/products', tax_rates: '/tax-rates' } as const;

export function ImportResultPanel({ result, refused }: { result: ImportResult; refused: boolean }) {
  const { t } = useTranslation();
  const counts = t('imports.counts', { rows: result.rows, valid: result.valid, created: result.created, updated: result.updated, skipped: result.skipped });
  let summary;
  if (refused) summary = <Alert color="red" title={t('imports.refused')}>{t('imports.dryErrors', { count: result.error_count })}</Alert>;
  else if (result.dry_run && result.error_count > 0) summary = <Alert color="orange" title={counts}>{t('imports.dryErrors', { count: result.error_count })}</Alert>;
  else if (result.dry_run) summary = <Alert color="blue" title={counts}>{t('imports.dryOk')}</Alert>;
  else
    summary = (
      <Alert color="green" title={t('imports.done', { created: result.created, updated: result.updated, skipped: result.skipped })} data-testid="import-done">
        <Stack gap={4}>
          {result.replayed && result.created_at ? <Text size="sm">{t('imports.replayed', { date: formatDateTime(result.created_at) })}</Text> : null}
          <Anchor component={Link} to={LIST_PATH[result.type]}>
            {t(`imports.open.${result.type}`)}
          </Anchor>
        </Stack>
      </Alert>
    );
  return (
    <Stack gap="sm" data-testid="import-result">
      {summary}
      {result.errors.length > 0 ? (
        <Stack gap="xs">
          <Title order={3}>{t('imports.problems')}</Title>
          <Text size="sm" c="dimmed">
            {t('imports.rowHint')}
          </Text>
          <Table.ScrollContainer minWidth={360}>
            <Table verticalSpacing="xs" withTableBorder aria-label={t('imports.problems')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.errorRow')}</Table.Th>
                  <Table.Th>{t('imports.errorColumn')}</Table.Th>
                  <Table.Th>{t('imports.errorMessage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.column ?? '—'}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {result.error_count > result.errors.length ? (
            <Text size="sm" c="dimmed">
              {t('imports.moreErrors', { count: result.error_count - result.errors.length })}
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
