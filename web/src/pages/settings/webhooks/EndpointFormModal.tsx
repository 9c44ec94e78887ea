/**
 * Adding an endpoint (its secret comes back once, for the caller to show) or changing one's
 * URL, description and events. The server's field errors show at their fields.
 */
import { useEffect } from 'react';
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../../api/client.ts';
import type { NewWebhookEndpoint, WebhookEndpoint } from '../../../api/types.ts';
import { EventPicker } from './EventPicker.tsx';
import { endpointKeys } from './webhookApi.ts';

interface Values {
  url: string;
  description: string;
  events: string[];
}

interface Props {
  opened: boolean;
  /** The endpoint to change; none to add one. */
  endpoint?: WebhookEndpoint;
  onClose: () => void;
  onCreated?: (endpoint: NewWebhookEndpoint) => void;
}

const initial = (endpoint?: WebhookEndpoint): Values => ({
  url: endpoint?.url ?? '',
  description: endpoint?.description ?? '',
  events: endpoint?.events ?? [],
});

export function EndpointFormModal({ opened, endpoint, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const form = useForm<Values>({
    initialValues: initial(endpoint),
    validate: {
      url: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? null : t('webhooks.form.urlInvalid')),
      events: (v) => (v.length > 0 ? null : t('webhooks.form.eventsRequired')),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const url = values.url.trim();
      const description = values.description.trim();
      return endpoint
        ? patch<WebhookEndpoint>(`/webhook-endpoints/${endpoint.id}`, { url, events: values.events, description: description || null })
        : post<NewWebhookEndpoint>('/webhook-endpoints', { url, events: values.events, ...(description ? { description } : {}) });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: endpointKeys.all });
      onClose();
      if (!endpoint) onCreated?.(saved as NewWebhookEndpoint);
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        // `events.3` is about the events field as a whole here.
        const errors = error.byField();
        for (const key of Object.keys(errors)) if (key.startsWith('events.')) errors.events ??= errors[key] ?? '';
        form.setErrors(errors);
      }
    },
  });
  // Opening the dialog starts from the endpoint as it is now.
  useEffect(() => {
    if (opened) {
      form.setValues(initial(endpoint));
      form.resetDirty(initial(endpoint));
      form.clearErrors();
      save.reset();
    }
  }, [opened]); // only when it opens

  const fieldErrorShown = save.error instanceof ApiError && save.error.fieldErrors.some((e) => ['url', 'description', 'events'].includes(e.path.split('.')[0] ?? ''));

  return (
    <Modal opened={opened} onClose={onClose} title={endpoint ? t('webhooks.form.editTitle') : t('webhooks.form.addTitle')} size="xl" fullScreen={phone} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput
            label={t('webhooks.form.url')}
            description={t('webhooks.form.urlDescription')}
            placeholder="https://example.com/settle/webhooks"
            required
            type="url"
            data-autofocus
            {...form.getInputProps('url')}
          />
          <TextInput label={t('webhooks.form.description')} description={t('webhooks.form.descriptionDescription')} {...form.getInputProps('description')} />
          <EventPicker value={form.values.events} onChange={(events) => form.setFieldValue('events', events)} error={form.errors.events as string | undefined} />
          {save.isError && !fieldErrorShown ? (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('webhooks.form.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {endpoint ? t('webhooks.form.save') : t('webhooks.form.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
