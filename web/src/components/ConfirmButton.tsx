/**
 * A button for a destructive or irreversible action: it opens a dialog that says what
 * will happen and needs a second, explicit click (or typing a word, for the worst ones).
 */
import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props extends ButtonProps {
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** When set, the user must type this word to confirm. */
  typeToConfirm?: string;
  onConfirm: () => Promise<unknown>;
}

export function ConfirmButton({ label, title, message, confirmLabel, typeToConfirm, onConfirm, ...buttonProps }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      setOpened(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button {...buttonProps} onClick={() => setOpened(true)}>
        {label}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          {typeToConfirm === undefined ? null : (
            <TextInput label={t('shared.confirm.typeToConfirm', { word: typeToConfirm })} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('common.actions.cancel')}
            </Button>
            <Button color={buttonProps.color ?? 'red'} loading={busy} disabled={typeToConfirm !== undefined && typed !== typeToConfirm} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
