/**
 * The editor's lines, allowances and charges. Each row is a labelled group; on a phone its
 * fields stack, on a wide screen they sit side by side.
 */
import type { ReactNode } from 'react';
import { ActionIcon, Button, Grid, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { formatAmount } from '../../../../src/domain/money/index.ts';
import { formatMoney } from '../../components/format.ts';
import { emptyAdjustment, emptyLine, NO_TAX, type EditorValues, type LiveTotals } from './editorModel.ts';
import type { Product, TaxRate } from './invoiceApi.ts';
import { COMMON_UNIT_CODES, UNIT_CODES } from '../../../../src/domain/einvoice/unit-codes.ts';

const COMMON_UNITS = COMMON_UNIT_CODES.map((u) => ({ value: u.code, label: `${u.label} (${u.code})` }));

/** The common unit codes with names; a stored code that is not among them is offered too. */
function unitCodeData(current: string) {
  return current === '' || COMMON_UNIT_CODES.some((u) => u.code === current) || !UNIT_CODES.has(current) ? COMMON_UNITS : [...COMMON_UNITS, { value: current, label: current }];
}

// The form's type, spelled through useForm (the package's type re-exports do not resolve here).
type Form = ReturnType<typeof useForm<EditorValues>>;

export function taxOptions(rates: readonly TaxRate[]) {
  return [{ value: NO_TAX, label: 'No tax' }, ...rates.filter((r) => !r.archived).map((r) => ({ value: r.id, label: `${r.name} (${r.percentage}%)` }))];
}

interface LinesProps {
  form: Form;
  products: readonly Product[];
  rates: readonly TaxRate[];
  live: LiveTotals;
  /** Document-level allowances and charges (false: lines only, as recurring invoices have). */
  adjustments?: boolean;
  /** Shown under the heading, e.g. the placeholders a recurring invoice's descriptions may use. */
  hint?: ReactNode;
}

export function LinesEditor({ form, products, rates, live, adjustments = true, hint }: LinesProps) {
  const taxData = taxOptions(rates);
  const productData = products.filter((p) => !p.archived).map((p) => ({ value: p.id, label: p.sku ? `${p.name} (${p.sku})` : p.name }));
  const domainError = (path: string) => (!live.ok && live.path === path ? live.message : undefined);
  const fieldError = (path: string) => (form.errors[path] as string | undefined) ?? domainError(path);
  const currency = form.values.currency;

  const pickProduct = (i: number, id: string | null) => {
    const product = products.find((p) => p.id === id);
    form.setFieldValue(`lines.${i}.product_id`, product?.id ?? null);
    if (product === undefined) return;
    form.setFieldValue(`lines.${i}.description`, product.description ?? product.name);
    form.setFieldValue(`lines.${i}.unit_price`, product.unit_price);
    form.setFieldValue(`lines.${i}.unit`, product.unit ?? '');
    form.setFieldValue(`lines.${i}.tax_rate_id`, product.tax_rate_id ?? NO_TAX);
  };

  return (
    <Stack gap="sm">
      <Title order={3}>Lines</Title>
      {hint}
      {form.values.lines.map((line, i) => {
        const net = live.ok ? live.totals.lines[i]?.line_total : undefined;
        return (
          <Paper key={line.key} withBorder p="sm" role="group" aria-label={`Line ${i + 1}`}>
            <Grid gap="xs" align="flex-end" columns={24}>
              <Grid.Col span={{ base: 24, md: 8 }}>
                <Select
                  label="Product"
                  placeholder="Free text"
                  searchable
                  clearable
                  data={productData}
                  value={line.product_id}
                  onChange={(id) => pickProduct(i, id)}
                  error={fieldError(`lines.${i}.product_id`)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 24, md: 16 }}>
                <TextInput label="Description" {...form.getInputProps(`lines.${i}.description`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8, md: 3 }}>
                <TextInput label="Quantity" inputMode="decimal" {...form.getInputProps(`lines.${i}.quantity`)} error={fieldError(`lines.${i}.quantity`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8, md: 3 }}>
                <TextInput label="Unit" placeholder="hours" {...form.getInputProps(`lines.${i}.unit`)} />
              </Grid.Col>
              {/* E-invoice unit codes belong to invoices; recurring lines (adjustments=false) have none. */}
              {adjustments ? <Grid.Col span={{ base: 12, sm: 8, md: 3 }}>
                <Select
                  label="Unit code"
                  placeholder="C62 (one)"
                  data={unitCodeData(line.unit_code)}
                  searchable
                  clearable
                  value={line.unit_code || null}
                  onChange={(code) => form.setFieldValue(`lines.${i}.unit_code`, code ?? '')}
                  error={fieldError(`lines.${i}.unit_code`)}
                />
              </Grid.Col> : null}
              <Grid.Col span={{ base: 12, sm: 8, md: 4 }}>
                <TextInput label="Unit price" inputMode="decimal" styles={{ input: { textAlign: 'right' } }} {...form.getInputProps(`lines.${i}.unit_price`)} error={fieldError(`lines.${i}.unit_price`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8, md: 3 }}>
                <TextInput label="Discount" placeholder="5.00 or 10%" {...form.getInputProps(`lines.${i}.discount`)} error={fieldError(`lines.${i}.discount`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 24, sm: 8, md: 4 }}>
                <Select label="Tax rate" data={taxData} allowDeselect={false} {...form.getInputProps(`lines.${i}.tax_rate_id`)} error={fieldError(`lines.${i}.tax_rate_id`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 24, sm: 8, md: adjustments ? 4 : 7 }}>
                <Group justify="space-between" wrap="nowrap" gap="xs" h={36}>
                  <Text size="sm" fw={600} ta="right" style={{ flex: 1, fontVariantNumeric: 'tabular-nums' }} aria-label={`Line ${i + 1} amount`}>
                    {net === undefined ? '—' : formatMoney(formatAmount(net, currency), currency)}
                  </Text>
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove line ${i + 1}`} onClick={() => form.removeListItem('lines', i)}>
                    ×
                  </ActionIcon>
                </Group>
              </Grid.Col>
            </Grid>
          </Paper>
        );
      })}
      {typeof form.errors.lines === 'string' ? <Text c="red" size="sm">{form.errors.lines}</Text> : null}
      {adjustments ? (
        <>
          <Adjustments form={form} kind="allowances" title="Allowances" singular="allowance" taxData={taxData} fieldError={fieldError} />
          <Adjustments form={form} kind="charges" title="Charges" singular="charge" taxData={taxData} fieldError={fieldError} />
        </>
      ) : null}
      <Group gap="xs">
        <Button variant="light" onClick={() => form.insertListItem('lines', emptyLine())}>
          Add line
        </Button>
        {adjustments ? (
          <>
            <Button variant="subtle" onClick={() => form.insertListItem('allowances', emptyAdjustment())}>
              Add allowance
            </Button>
            <Button variant="subtle" onClick={() => form.insertListItem('charges', emptyAdjustment())}>
              Add charge
            </Button>
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

interface AdjustmentsProps {
  form: Form;
  kind: 'allowances' | 'charges';
  title: string;
  singular: string;
  taxData: { value: string; label: string }[];
  fieldError: (path: string) => string | undefined;
}

function Adjustments({ form, kind, title, singular, taxData, fieldError }: AdjustmentsProps) {
  const list = form.values[kind];
  return (
    <Stack gap="xs">
      {list.length > 0 ? <Title order={4}>{title}</Title> : null}
      {list.map((item, i) => (
        <Paper key={item.key} withBorder p="sm" role="group" aria-label={`${title.slice(0, -1)} ${i + 1}`}>
          <Grid gap="xs" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput label="Reason" {...form.getInputProps(`${kind}.${i}.reason`)} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <TextInput label="Amount" placeholder="25.00 or 5%" inputMode="decimal" styles={{ input: { textAlign: 'right' } }} {...form.getInputProps(`${kind}.${i}.amount`)} error={fieldError(`${kind}.${i}.amount`)} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <Select label="Tax rate" data={taxData} allowDeselect={false} {...form.getInputProps(`${kind}.${i}.tax_rate_id`)} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 1 }}>
              <Group justify="flex-end" h={36}>
                <ActionIcon variant="subtle" color="red" aria-label={`Remove ${singular} ${i + 1}`} onClick={() => form.removeListItem(kind, i)}>
                  ×
                </ActionIcon>
              </Group>
            </Grid.Col>
          </Grid>
        </Paper>
      ))}
    </Stack>
  );
}
