/** The foot of a dialog form: Cancel, and the submit button that shows while the request runs. */
import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  onCancel: () => void;
  submitting: boolean;
  children: ReactNode;
}

export function FormActions({ onCancel, submitting, children }: Props) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.actions.cancel')}
      </Button>
      <Button type="submit" loading={submitting}>
        {children}
      </Button>
    </Group>
  );
}
