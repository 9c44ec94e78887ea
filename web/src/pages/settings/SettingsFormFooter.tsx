/**
 * The foot of a settings form: a request error that no field shows, "Unsaved changes", and
 * the save button (only for those who may edit).
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';

interface Props {
  /** The save mutation's error, if any; field errors are shown at their fields instead. */
  error: Error | null;
  editable: boolean;
  dirty: boolean;
  saving: boolean;
  label: string;
}

export function SettingsFormFooter({ error, editable, dirty, saving, label }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {error !== null && !(error instanceof ApiError && error.fieldErrors.length > 0) ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      {editable ? (
        <Group justify="flex-end">
          <Text size="sm" c="dimmed">
            {dirty ? t('settings.unsavedChanges') : ''}
          </Text>
          <Button type="submit" loading={saving}>
            {label}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
