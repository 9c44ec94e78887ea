/**
 * Copies a secret shown once (an API token, a webhook signing secret) to the clipboard, says
 * "Copied" after, and tells the user to copy by hand where the browser refuses.
 */
import { useEffect, useState } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';

export function CopyButton({ value, label, what }: { value: string; label: string; what: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [value]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      notifications.show({ message: `Copying failed: select the ${what} and copy it by hand`, color: 'red' });
    }
  };
  return (
    <Button variant="light" onClick={() => void copy()}>
      {copied ? 'Copied' : label}
    </Button>
  );
}
