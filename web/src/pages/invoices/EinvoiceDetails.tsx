/**
 * The invoice editor's "E-invoice details": buyer reference (BT-10, e.g. a Leitweg-ID, which
 * XRechnung requires), purchase order (BT-13), delivery date (BT-72) and invoicing period
 * (BT-73/74). Collapsed unless one of them is filled in or refused by the server.
 */
import { useState } from 'react';
import { Button, Collapse, Grid, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/inputs/DateField.tsx';
import type { EditorValues } from './editorModel.ts';

type Form = ReturnType<typeof useForm<EditorValues>>;

const FIELDS = ['buyer_reference', 'purchase_order_reference', 'delivery_date', 'period_start', 'period_end'] as const;

export function EinvoiceDetails({ form }: { form: Form }) {
  const { t } = useTranslation();
  const filled = FIELDS.some((field) => form.values[field] !== '' || form.errors[field] !== undefined);
  const [opened, setOpened] = useState(filled);
  const open = opened || FIELDS.some((field) => form.errors[field] !== undefined);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Title order={3} size="h4">
            {t('editor.einvoice.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('editor.einvoice.description')}
          </Text>
        </div>
        <Button variant="subtle" size="compact-sm" style={{ flexShrink: 0 }} aria-expanded={open} onClick={() => setOpened(!open)}>
          {open ? t('editor.einvoice.hide') : t('editor.einvoice.show')}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Grid gap="sm" mt="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('editor.einvoice.buyerReference')} description={t('editor.einvoice.buyerReferenceHint')} maxLength={200} {...form.getInputProps('buyer_reference')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('editor.einvoice.purchaseOrder')} description={t('editor.einvoice.purchaseOrderHint')} maxLength={200} {...form.getInputProps('purchase_order_reference')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 4 }}>
            <DateField label={t('editor.einvoice.deliveryDate')} {...form.getInputProps('delivery_date')} value={form.values.delivery_date} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4 }}>
            <DateField label={t('editor.einvoice.periodFrom')} {...form.getInputProps('period_start')} value={form.values.period_start} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4 }}>
            <DateField label={t('editor.einvoice.periodTo')} {...form.getInputProps('period_end')} value={form.values.period_end} />
          </Grid.Col>
        </Grid>
      </Collapse>
    </Paper>
  );
}
