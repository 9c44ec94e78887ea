/**
 * Billable metrics: what the usage events your other systems report add up to for each
 * customer (count, sum, maximum or distinct values), for recurring invoices to bill.
 * Creating, renaming and deleting metrics needs the accountant role.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, patch, post } from '../../api/client.ts';
import type { BillableMetric, MetricAggregation } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { i18next } from '../../i18n/index.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LoadMore, notifyError, notifySuccess, usePagedList } from '../customers/listing.tsx';

const AGGREGATION_VALUES: MetricAggregation[] = ['count', 'sum', 'max', 'unique_count'];

/** The aggregations with their names and explanations in the user's language. */
export function aggregationOptions(): { value: MetricAggregation; label: string; description: string }[] {
  return AGGREGATION_VALUES.map((value) => ({
    value,
    label: i18next.t(`catalogue.metrics.aggregations.${value}.label`),
    description: i18next.t(`catalogue.metrics.aggregations.${value}.description`),
  }));
}

const aggregationLabel = (a: MetricAggregation) => aggregationOptions().find((o) => o.value === a)?.label ?? a;

export default function BillableMetricsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = session.can('accountant');
  const [editing, setEditing] = useState<BillableMetric | 'new' | null>(null);
  const queryClient = useQueryClient();
  const list = usePagedList<BillableMetric>('billable-metrics', '/billable-metrics', {});
  const metrics = list.data?.pages.flatMap((p) => p.data) ?? [];

  const remove = async (metric: BillableMetric) => {
    try {
      await del(`/billable-metrics/${metric.id}`);
    } catch (error) {
      notifyError(error, t('catalogue.metrics.deleteFailed'));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['billable-metrics'] });
    notifySuccess(t('catalogue.rowActions.deleted', { name: metric.name }));
  };

  const actions = (metric: BillableMetric) => (
    <Group gap={6} wrap="nowrap">
      <Button size="xs" variant="default" onClick={() => setEditing(metric)} aria-label={t('catalogue.rowActions.editName', { name: metric.name })}>
        {t('common.actions.edit')}
      </Button>
      <ConfirmButton
        size="xs"
        color="red"
        variant="subtle"
        aria-label={t('catalogue.rowActions.deleteName', { name: metric.name })}
        label={t('common.actions.delete')}
        title={t('catalogue.metrics.deleteTitle')}
        message={t('catalogue.metrics.deleteMessage', { name: metric.name, code: metric.code })}
        confirmLabel={t('common.actions.delete')}
        onConfirm={() => remove(metric)}
      />
    </Group>
  );

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>{t('catalogue.metrics.new')}</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label={t('catalogue.metrics.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} title={t('catalogue.metrics.loadFailed')} />;
  else if (metrics.length === 0)
    body = (
      <EmptyState title={t('catalogue.metrics.emptyTitle')} action={newButton}>
        {t('catalogue.metrics.emptyText')}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 760 : 600} visibleFrom="sm">
          <Table verticalSpacing="sm" aria-label={t('catalogue.metrics.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogue.fields.name')}</Table.Th>
                <Table.Th>{t('catalogue.metrics.code')}</Table.Th>
                <Table.Th>{t('catalogue.metrics.aggregation')}</Table.Th>
                <Table.Th>{t('catalogue.metrics.created')}</Table.Th>
                {canEdit ? <Table.Th>{t('catalogue.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {metrics.map((metric) => (
                <Table.Tr key={metric.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {metric.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{metric.code}</Code>
                  </Table.Td>
                  <Table.Td>
                    <AggregationCell metric={metric} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(metric.created_at)}</Table.Td>
                  {canEdit ? (
                    <Table.Td>{actions(metric)}</Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Stack gap="xs" hiddenFrom="sm">
          {metrics.map((metric) => (
            <Paper key={metric.id} withBorder p="sm" component="article" aria-label={metric.name}>
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {metric.name}
                  </Text>
                  <Code>{metric.code}</Code>
                </Group>
                <AggregationCell metric={metric} />
                <Text size="xs" c="dimmed">
                  {t('catalogue.metrics.created')}: {formatDate(metric.created_at)}
                </Text>
                {canEdit ? actions(metric) : null}
              </Stack>
            </Paper>
          ))}
        </Stack>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('catalogue.metrics.title')}</Title>
        {newButton}
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('catalogue.metrics.newTitle') : t('catalogue.metrics.editTitle')}>
        {editing === null ? null : <MetricForm metric={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

interface Values {
  code: string;
  name: string;
  aggregation: MetricAggregation;
  field: string;
}

function AggregationCell({ metric }: { metric: BillableMetric }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge variant="light" size="sm" color="indigo" style={{ minWidth: 'max-content' }}>
        {aggregationLabel(metric.aggregation)}
      </Badge>
      {metric.field ? (
        <Text size="sm" c="dimmed">
          {t('catalogue.metrics.of')} <Code>{metric.field}</Code>
        </Text>
      ) : null}
    </Group>
  );
}

function MetricForm({ metric, onDone }: { metric?: BillableMetric; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { code: metric?.code ?? '', name: metric?.name ?? '', aggregation: metric?.aggregation ?? 'count', field: metric?.field ?? '' },
    validate: {
      name: (v) => (v.trim() ? null : t('catalogue.validation.name')),
      code: (v) => (metric || v.trim() ? null : t('catalogue.metrics.enterCode')),
      field: (v, values) => (metric || values.aggregation === 'count' || v.trim() ? null : t('catalogue.metrics.enterProperty')),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) =>
      metric
        ? patch<BillableMetric>(`/billable-metrics/${metric.id}`, { name: values.name.trim() })
        : post<BillableMetric>('/billable-metrics', {
            code: values.code.trim(),
            name: values.name.trim(),
            aggregation: values.aggregation,
            ...(values.aggregation === 'count' ? {} : { field: values.field.trim() }),
          }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['billable-metrics'] });
      notifySuccess(metric ? t('catalogue.saved', { name: saved.name }) : t('catalogue.created', { name: saved.name }));
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const options = aggregationOptions();
  const aggregation = options.find((a) => a.value === form.values.aggregation);
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label={t('catalogue.fields.name')} required data-autofocus description={t('catalogue.metrics.nameHint')} {...form.getInputProps('name')} />
        <TextInput
          label={t('catalogue.metrics.code')}
          required={!metric}
          readOnly={Boolean(metric)}
          description={metric ? t('catalogue.metrics.codeFixed') : t('catalogue.metrics.codeHint')}
          {...form.getInputProps('code')}
        />
        <Select
          label={t('catalogue.metrics.aggregation')}
          data={options.map((a) => ({ value: a.value, label: a.label }))}
          allowDeselect={false}
          readOnly={Boolean(metric)}
          description={aggregation?.description}
          {...form.getInputProps('aggregation')}
        />
        {form.values.aggregation !== 'count' ? (
          <TextInput
            label={t('catalogue.metrics.property')}
            required={!metric}
            readOnly={Boolean(metric)}
            description={t('catalogue.metrics.propertyHint')}
            {...form.getInputProps('field')}
          />
        ) : null}
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {metric ? t('common.actions.save') : t('catalogue.metrics.create')}
        </FormActions>
      </Stack>
    </form>
  );
}
