/** The new endpoint's signing secret, shown this once, with a copy button. */
import { Alert, Anchor, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { CopyButton } from '../../../components/CopyButton.tsx';
import type { NewWebhookEndpoint } from '../../../api/types.ts';

export function SecretModal({ endpoint, onClose }: { endpoint: NewWebhookEndpoint | null; onClose: () => void }) {
  return (
    // A stray click beside the dialog must not lose the secret: only the buttons close it.
    <Modal opened={endpoint !== null} onClose={onClose} title="Endpoint added: its signing secret" centered size="lg" closeOnClickOutside={false}>
      {endpoint ? (
        <Stack>
          <Alert color="yellow" title="Copy it now: you won’t see it again">
            Settle shows this secret only once. Give it to the receiving system, which uses it to check that each request really comes from Settle. If
            you lose it, delete the endpoint and add it again.
          </Alert>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            For <b>{endpoint.url}</b>
          </Text>
          <Code block aria-label="Signing secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {endpoint.secret}
          </Code>
          <Text size="xs" c="dimmed">
            Requests carry the headers <Code>webhook-id</Code>, <Code>webhook-timestamp</Code> and <Code>webhook-signature</Code> of the{' '}
            <Anchor href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer" inherit>
              Standard Webhooks
            </Anchor>{' '}
            specification; its libraries verify them with this secret.
          </Text>
          <Group justify="flex-end">
            <CopyButton value={endpoint.secret} label="Copy secret" what="secret" />
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
