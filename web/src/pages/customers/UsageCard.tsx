/**
 * A customer's usage this month, one value per billable metric (GET /customers/{id}/usage).
 * Hidden when the organization has no metrics (or the server has no usage API).
 */
import { Code, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { userLocale } from '../../i18n/locale.ts';
import { ApiError, get } from '../../api/client.ts';
import type { CustomerUsage } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate } from '../../components/format.ts';
import { dateIn } from '../../components/TestClock.tsx';

function formatValue(value: string, locale: string): string {
  // Usage is an exact decimal string; Intl formats the string without going through a float.
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value as unknown as number);
  } catch {
    return value;
  }
}

/** The calendar date a usage window starts, in the organization's zone when given as an instant. */
function startDate(from: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) return from;
  const instant = new Date(from);
  return Number.isNaN(instant.getTime()) ? from : dateIn(instant, timeZone);
}

export function UsageCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { time_zone: timeZone } = me.organization;
  const locale = userLocale();
  const usage = useQuery({
    queryKey: ['customers', 'usage', customerId],
    queryFn: async () => {
      try {
        return await get<CustomerUsage>(`/customers/${encodeURIComponent(customerId)}/usage`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (!usage.data || usage.data.data.length === 0) return null;
  const { from, to, data } = usage.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="usage-title">
      <Title order={3} size="h4" id="usage-title">
        {t('customers.usage.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {/^\d{4}-\d{2}-\d{2}$/.test(to) ? `${formatDate(from, locale)} – ${formatDate(to, locale)}` : t('customers.usage.since', { date: formatDate(startDate(from, timeZone), locale) })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md">
        {data.map((metric) => (
          <div key={metric.metric_code}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {metric.name}
            </Text>
            <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatValue(metric.value, locale)}
            </Text>
            <Code fz="xs">{metric.metric_code}</Code>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
