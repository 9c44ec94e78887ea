/**
 * Copies a secret shown once (an API token, a webhook signing secret) to the clipboard, says
 * "Copied" after, and tells the user to copy by hand where the browser refuses.
 */
import { useEffect, useState } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

export function CopyButton({ value, label, what }: { value: string; label: string; what: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [value]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      notifications.show({ message: t('shared.copy.failed', { what }), color: 'red' });
    }
  };
  return (
    <Button variant="light" onClick={() => void copy()}>
      {copied ? t('shared.copy.copied') : label}
    </Button>
  );
}
