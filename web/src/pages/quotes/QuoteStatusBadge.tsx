/** A quote's status as a coloured badge. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { draft: 'gray', open: 'blue', accepted: 'green', declined: 'red', expired: 'orange', invoiced: 'teal' };

export function QuoteStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light">
      {t(`quotes.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}
