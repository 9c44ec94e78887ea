/**
 * Billable metrics: what the usage events your other systems report add up to for each
 * customer (count, sum, maximum or distinct values), for recurring invoices to bill.
 * Creating, renaming and deleting metrics needs the accountant role.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, patch, post } from '../../api/client.ts';
import type { BillableMetric, MetricAggregation } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LoadMore, notifyError, notifySuccess, usePagedList } from '../customers/listing.tsx';

export const AGGREGATIONS: { value: MetricAggregation; label: string; description: string }[] = [
  { value: 'count', label: 'Count events', description: 'How many events arrived, e.g. API calls or deliveries.' },
  { value: 'sum', label: 'Sum of a property', description: 'The total of a number each event carries, e.g. gigabytes transferred.' },
  { value: 'max', label: 'Maximum of a property', description: 'The highest number seen in the period, e.g. seats in use.' },
  { value: 'unique_count', label: 'Count distinct values', description: 'How many different values a property took, e.g. active users.' },
];

const aggregationLabel = (a: MetricAggregation) => AGGREGATIONS.find((o) => o.value === a)?.label ?? a;

export default function BillableMetricsPage() {
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
      notifyError(error, 'Could not delete the metric');
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['billable-metrics'] });
    notifySuccess(`Deleted ${metric.name}`);
  };

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>New metric</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label="Loading billable metrics" />;
  else if (list.isError) body = <ErrorState error={list.error} title="Could not load billable metrics" />;
  else if (metrics.length === 0)
    body = (
      <EmptyState title="No billable metrics yet" action={newButton}>
        A billable metric turns the usage your software reports to Settle — API calls, deliveries, gigabytes stored — into a number per customer and
        period. Add metered items to a recurring invoice to bill it at a price per unit.
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 760 : 600}>
          <Table verticalSpacing="sm" aria-label="Billable metrics">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>Aggregation</Table.Th>
                <Table.Th>Created</Table.Th>
                {canEdit ? <Table.Th>Actions</Table.Th> : null}
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
                    <Group gap={6} wrap="nowrap">
                      <Badge variant="light" size="sm" color="indigo">
                        {aggregationLabel(metric.aggregation)}
                      </Badge>
                      {metric.field ? (
                        <Text size="sm" c="dimmed">
                          of <Code>{metric.field}</Code>
                        </Text>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(metric.created_at)}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(metric)} aria-label={`Edit ${metric.name}`}>
                          Edit
                        </Button>
                        <ConfirmButton
                          size="xs"
                          color="red"
                          variant="subtle"
                          aria-label={`Delete ${metric.name}`}
                          label="Delete"
                          title="Delete this metric?"
                          message={`${metric.name} (${metric.code}) will be deleted. A metric that a recurring invoice bills, or whose usage was recorded, is kept: Settle will say so.`}
                          confirmLabel="Delete"
                          onConfirm={() => remove(metric)}
                        />
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Billable metrics</Title>
        {newButton}
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New billable metric' : 'Edit billable metric'}>
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

function MetricForm({ metric, onDone }: { metric?: BillableMetric; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { code: metric?.code ?? '', name: metric?.name ?? '', aggregation: metric?.aggregation ?? 'count', field: metric?.field ?? '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      code: (v) => (metric || v.trim() ? null : 'Enter a code'),
      field: (v, values) => (metric || values.aggregation === 'count' || v.trim() ? null : 'Name the property of the events to aggregate'),
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
      notifySuccess(metric ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const aggregation = AGGREGATIONS.find((a) => a.value === form.values.aggregation);
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus description="As invoices and reports show it, e.g. “API calls”" {...form.getInputProps('name')} />
        <TextInput
          label="Code"
          required={!metric}
          readOnly={Boolean(metric)}
          description={metric ? 'The code cannot change: usage events name it' : 'What usage events name: lower-case letters, digits, “_”, “.” or “-”, e.g. api_calls'}
          {...form.getInputProps('code')}
        />
        <Select
          label="Aggregation"
          data={AGGREGATIONS.map((a) => ({ value: a.value, label: a.label }))}
          allowDeselect={false}
          readOnly={Boolean(metric)}
          description={aggregation?.description}
          {...form.getInputProps('aggregation')}
        />
        {form.values.aggregation !== 'count' ? (
          <TextInput
            label="Property"
            required={!metric}
            readOnly={Boolean(metric)}
            description="The property of each event to aggregate, e.g. gigabytes"
            {...form.getInputProps('field')}
          />
        ) : null}
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {metric ? 'Save' : 'Create metric'}
        </FormActions>
      </Stack>
    </form>
  );
}
