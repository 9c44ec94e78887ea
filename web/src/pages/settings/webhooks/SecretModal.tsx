/** The new endpoint's signing secret, shown this once, with a copy button. */
import { Alert, Anchor, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/CopyButton.tsx';
import type { NewWebhookEndpoint } from '../../../api/types.ts';

export function SecretModal({ endpoint, onClose }: { endpoint: NewWebhookEndpoint | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    // A stray click beside the dialog must not lose the secret: only the buttons close it.
    <Modal opened={endpoint !== null} onClose={onClose} title={t('webhooks.secret.title')} centered size="lg" closeOnClickOutside={false}>
      {endpoint ? (
        <Stack>
          <Alert color="yellow" title={t('webhooks.secret.alertTitle')}>
            {t('webhooks.secret.alert')}
          </Alert>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {t('webhooks.secret.for')} <b>{endpoint.url}</b>
          </Text>
          <Code block aria-label={t('webhooks.secret.secret')} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {endpoint.secret}
          </Code>
          <Text size="xs" c="dimmed">
            {t('webhooks.secret.headers')} <Code>webhook-id</Code>, <Code>webhook-timestamp</Code> {t('webhooks.secret.and')} <Code>webhook-signature</Code>{' '}
            {t('webhooks.secret.of')}{' '}
            <Anchor href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer" inherit>
              {t('webhooks.secret.spec')}
            </Anchor>{' '}
            {t('webhooks.secret.verify')}
          </Text>
          <Group justify="flex-end">
            <CopyButton value={endpoint.secret} label={t('webhooks.secret.copy')} what={t('webhooks.secret.what')} />
            <Button onClick={onClose}>{t('webhooks.secret.done')}</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
