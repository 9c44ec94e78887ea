/**
 * The invoice editor's "E-invoice details": buyer reference (BT-10, e.g. a Leitweg-ID, which
 * XRechnung requires), purchase order (BT-13), delivery date (BT-72) and invoicing period
 * (BT-73/74). Collapsed unless one of them is filled in or refused by the server.
 */
import { useState } from 'react';
import { Button, Collapse, Grid, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import type { useForm } from '@mantine/form';
import type { EditorValues } from './editorModel.ts';

type Form = ReturnType<typeof useForm<EditorValues>>;

const FIELDS = ['buyer_reference', 'purchase_order_reference', 'delivery_date', 'period_start', 'period_end'] as const;

export function EinvoiceDetails({ form }: { form: Form }) {
  const filled = FIELDS.some((field) => form.values[field] !== '' || form.errors[field] !== undefined);
  const [opened, setOpened] = useState(filled);
  const open = opened || FIELDS.some((field) => form.errors[field] !== undefined);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between">
        <div>
          <Title order={3} size="h4">
            E-invoice details
          </Title>
          <Text size="sm" c="dimmed">
            References and dates structured invoices carry (XRechnung needs the buyer reference)
          </Text>
        </div>
        <Button variant="subtle" size="compact-sm" aria-expanded={open} onClick={() => setOpened(!open)}>
          {open ? 'Hide' : 'Show'}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Grid gap="sm" mt="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label="Buyer reference" description="e.g. the Leitweg-ID of a public buyer" maxLength={200} {...form.getInputProps('buyer_reference')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label="Purchase order" description="The customer's order number" maxLength={200} {...form.getInputProps('purchase_order_reference')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 4 }}>
            <TextInput label="Delivery date" type="date" {...form.getInputProps('delivery_date')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4 }}>
            <TextInput label="Period from" type="date" {...form.getInputProps('period_start')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4 }}>
            <TextInput label="Period to" type="date" {...form.getInputProps('period_end')} />
          </Grid.Col>
        </Grid>
      </Collapse>
    </Paper>
  );
}
