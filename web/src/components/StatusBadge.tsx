/** An invoice's status as a coloured badge; overdue wins over open/partially paid. */
import { Badge } from '@mantine/core';

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
  const shown = overdue ? 'overdue' : status;
  return (
    <Badge color={COLORS[shown] ?? 'gray'} variant="light">
      {shown.replace('_', ' ')}
    </Badge>
  );
}
