/** An e-mail's delivery status as a coloured badge with words people use. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailStatus } from './emailApi.ts';

const LOOK: Record<EmailStatus, { color: string; label: string }> = {
  queued: { color: 'blue', label: 'queued' },
  sending: { color: 'blue', label: 'sending' },
  sent: { color: 'green', label: 'sent' },
  failed: { color: 'red', label: 'failed' },
  outbox: { color: 'yellow', label: 'in outbox' },
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  const { t } = useTranslation();
  const look = LOOK[status];
  return (
    <Badge color={look.color} variant="light">
      {t(`emails.status.${status}`, { defaultValue: look.label })}
    </Badge>
  );
}
