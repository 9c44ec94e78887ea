/** An invoice's status as a coloured badge; overdue wins over open/partially paid. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  draft: 'gray',
  open: 'blue',
  partially_paid: 'cyan',
  paid: 'green',
  void: 'dark',
  uncollectible: 'orange',
  overdue: 'red',
};

export function StatusBadge({ status, overdue = false }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const shown = overdue ? 'overdue' : status;
  return (
    <Badge color={COLORS[shown] ?? 'gray'} variant="light">
      {t(`shared.status.${shown}`, { defaultValue: shown.replace('_', ' ') })}
    </Badge>
  );
}
