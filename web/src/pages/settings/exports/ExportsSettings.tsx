/**
 * Settings → Accounting & exports: the journal for the accountant (period, format, currency:
 * a plain download link), the chart of accounts it books to (preset and account numbers;
 * admins edit, accountants read), and for admins the export of all the organization's data.
 */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { AccountChartCard } from './AccountChartCard.tsx';
import { JournalExportCard } from './JournalExportCard.tsx';

export default function ExportsSettings() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Stack gap="md">
      <JournalExportCard />
      <AccountChartCard editable={session.can('admin')} />
      {session.can('admin') ? (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            {t('exports.all.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('exports.all.help')}
          </Text>
          <Button component="a" href="/api/v1/organization/export" variant="light">
            {t('exports.all.button')}
          </Button>
        </Paper>
      ) : null}
    </Stack>
  );
}
