/**
 * Settings → Custom fields (admins): the organization's own fields on customers, products and
 * invoices. Add, edit (label, options, required, printed, position; the key, resource and type
 * stay) and delete with a confirmation. The fields then appear in the forms and detail pages.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Select, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, patch, post } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import type { CustomFieldDefinition, CustomFieldResource } from '../../components/CustomFields.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

const RESOURCES: CustomFieldResource[] = ['customer', 'product', 'invoice'];
const TYPES: CustomFieldDefinition['type'][] = ['text', 'number', 'date', 'select'];

/** "Contract start" → "contract_start": a key offered from the label while creating. */
function slugOf(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);
  return slug;
}

interface Values {
  resource: CustomFieldResource;
  label: string;
  key: string;
  type: CustomFieldDefinition['type'];
  options: string[];
  required: boolean;
  printed: boolean;
  position: number | string;
}

function DefinitionForm({ definition, onDone }: { definition: CustomFieldDefinition | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [keyTouched, setKeyTouched] = useState(definition !== null);
  const form = useForm<Values>({
    initialValues: {
      resource: definition?.resource ?? 'customer',
      label: definition?.label ?? '',
      key: definition?.key ?? '',
      type: definition?.type ?? 'text',
      options: definition?.options ?? [],
      required: definition?.required ?? false,
      printed: definition?.printed ?? false,
      position: definition?.position ?? '',
    },
    validate: { label: (v) => (v.trim() ? null : t('customFields.form.labelRequired')) },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const position = values.position === '' ? undefined : Number(values.position);
      const common = { label: values.label.trim(), required: values.required, printed: values.printed, ...(position === undefined ? {} : { position }) };
      if (definition !== null) {
        return patch<CustomFieldDefinition>(`/custom-fields/${definition.id}`, { ...common, ...(definition.type === 'select' ? { options: values.options } : {}) });
      }
      return post<CustomFieldDefinition>('/custom-fields', {
        ...common,
        resource: values.resource,
        key: values.key.trim(),
        type: values.type,
        ...(values.type === 'select' ? { options: values.options } : {}),
      });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      notifications.show({ color: 'green', message: definition ? t('customFields.settings.saved', { label: saved.label }) : t('customFields.settings.created', { label: saved.label }) });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  const editing = definition !== null;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <Select
          label={t('customFields.form.resource')}
          data={RESOURCES.map((r) => ({ value: r, label: t(`customFields.resources.${r}`) }))}
          allowDeselect={false}
          disabled={editing}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('resource')}
        />
        <TextInput
          label={t('customFields.form.label')}
          required
          data-autofocus
          maxLength={100}
          {...form.getInputProps('label')}
          onChange={(event) => {
            const label = event.currentTarget.value;
            form.setFieldValue('label', label);
            if (!keyTouched) form.setFieldValue('key', slugOf(label));
          }}
        />
        <TextInput
          label={t('customFields.form.key')}
          description={editing ? t('customFields.form.keyFixed') : t('customFields.form.keyHint')}
          required
          disabled={editing}
          maxLength={40}
          {...form.getInputProps('key')}
          onChange={(event) => {
            setKeyTouched(true);
            form.setFieldValue('key', event.currentTarget.value);
          }}
        />
        <Select
          label={t('customFields.form.type')}
          description={editing ? t('customFields.form.typeFixed') : undefined}
          data={TYPES.map((type) => ({ value: type, label: t(`customFields.types.${type}`) }))}
          allowDeselect={false}
          disabled={editing}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('type')}
        />
        {form.values.type === 'select' ? (
          <TagsInput label={t('customFields.form.options')} description={t('customFields.form.optionsHint')} required maxTags={100} {...form.getInputProps('options')} />
        ) : null}
        <Checkbox label={t('customFields.form.required')} description={t('customFields.form.requiredHint')} {...form.getInputProps('required', { type: 'checkbox' })} />
        {form.values.resource === 'invoice' ? (
          <Checkbox label={t('customFields.form.printed')} description={t('customFields.form.printedHint')} {...form.getInputProps('printed', { type: 'checkbox' })} />
        ) : null}
        <NumberInput label={t('customFields.form.position')} description={t('customFields.form.positionHint')} min={0} max={10000} allowDecimal={false} allowNegative={false} {...form.getInputProps('position')} />
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {editing ? t('common.actions.save') : t('customFields.form.create')}
        </FormActions>
      </Stack>
    </form>
  );
}

function DefinitionRow({ definition, onEdit, onDelete }: { definition: CustomFieldDefinition; onEdit: () => void; onDelete: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" py={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="custom-field-row">
      <Stack gap={2} miw={0} style={{ flex: '1 1 12rem' }}>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
          {definition.label}
        </Text>
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed" ff="monospace">
            {definition.key}
          </Text>
          <Badge size="xs" variant="light">
            {t(`customFields.types.${definition.type}`)}
          </Badge>
          {definition.required ? (
            <Badge size="xs" variant="light" color="orange">
              {t('customFields.settings.requiredBadge')}
            </Badge>
          ) : null}
          {definition.printed ? (
            <Badge size="xs" variant="light" color="grape">
              {t('customFields.settings.printedBadge')}
            </Badge>
          ) : null}
        </Group>
        {definition.type === 'select' ? (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {definition.options.join(' · ')}
          </Text>
        ) : null}
      </Stack>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={onEdit} aria-label={t('customFields.settings.editName', { label: definition.label })}>
          {t('customFields.settings.edit')}
        </Button>
        <ConfirmButton
          size="xs"
          variant="light"
          color="red"
          label={t('customFields.settings.delete')}
          aria-label={t('customFields.settings.deleteName', { label: definition.label })}
          title={t('customFields.settings.deleteTitle', { label: definition.label })}
          message={t('customFields.settings.deleteText')}
          confirmLabel={t('customFields.settings.deleteConfirm')}
          onConfirm={onDelete}
        />
      </Group>
    </Group>
  );
}

export default function CustomFieldsSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 40em)');
  const [editing, setEditing] = useState<CustomFieldDefinition | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const definitions = useQuery({ queryKey: ['custom-fields', 'all'], queryFn: async () => (await get<{ data: CustomFieldDefinition[] }>('/custom-fields')).data });
  const remove = async (definition: CustomFieldDefinition) => {
    setProblem(null);
    try {
      await del(`/custom-fields/${definition.id}`);
      notifications.show({ color: 'green', message: t('customFields.settings.deleted', { label: definition.label }) });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 16rem' }}>
          {t('customFields.settings.intro')}
        </Text>
        <Button onClick={() => setEditing('new')}>{t('customFields.settings.add')}</Button>
      </Group>
      {problem ? (
        <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      ) : null}
      {definitions.isPending ? (
        <LoadingState />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} />
      ) : definitions.data.length === 0 ? (
        <EmptyState title={t('customFields.settings.emptyTitle')}>{t('customFields.settings.emptyText')}</EmptyState>
      ) : (
        RESOURCES.map((resource) => {
          const list = definitions.data.filter((d) => d.resource === resource);
          if (list.length === 0) return null;
          return (
            <Paper key={resource} withBorder p="md" component="section" aria-labelledby={`custom-fields-${resource}`}>
              <Title order={3} size="h5" mb="xs" id={`custom-fields-${resource}`}>
                {t(`customFields.groups.${resource}`)}
              </Title>
              {list.map((definition) => (
                <DefinitionRow key={definition.id} definition={definition} onEdit={() => setEditing(definition)} onDelete={() => remove(definition)} />
              ))}
            </Paper>
          );
        })
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('customFields.form.newTitle') : t('customFields.form.editTitle')}
        size="lg"
        fullScreen={phone === true}
      >
        {editing !== null ? <DefinitionForm definition={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Modal>
    </Stack>
  );
}
