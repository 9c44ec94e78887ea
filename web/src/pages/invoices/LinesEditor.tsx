/**
 * The editor's lines, discounts and charges. On a wide screen a line is two rows (the main
 * fields, then unit, unit code and discount); on a phone it is compact — description with the
 * amount beside its label, then quantity, price and tax in one row — and the other fields sit
 * behind "More". Numbers are typed in the user's locale (DecimalInput); a field shows what is
 * wrong with it only once it was touched or the form was submitted.
 */
import { useState, type ReactNode } from 'react';
import { ActionIcon, Button, Collapse, Grid, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../../../../src/domain/money/index.ts';
import { formatMoney } from '../../components/format.ts';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { i18next } from '../../i18n/index.ts';
import { userLocale } from '../../i18n/locale.ts';
import { formatDecimal, parseDecimal } from '../../i18n/numbers.ts';
import { ALL_RATES, emptyAdjustment, emptyLine, NO_TAX, type EditorValues, type LiveIssue, type LiveTotals } from './editorModel.ts';
import type { Product, TaxRate } from './invoiceApi.ts';
import { COMMON_UNIT_CODES, UNIT_CODES } from '../../../../src/domain/einvoice/unit-codes.ts';

/** The common unit codes with names; a stored code that is not among them is offered too. */
function unitCodeData(current: string) {
  const common = COMMON_UNIT_CODES.map((u) => ({ value: u.code, label: `${i18next.t(`editor.unitCodes.${u.code}`)} (${u.code})` }));
  return current === '' || COMMON_UNIT_CODES.some((u) => u.code === current) || !UNIT_CODES.has(current) ? common : [...common, { value: current, label: current }];
}

// The form's type, spelled through useForm (the package's type re-exports do not resolve here).
type Form = ReturnType<typeof useForm<EditorValues>>;

/** "19" → "19 %" (de) / "19%" (en), the digits in the user's locale. */
export function formatPercent(percentage: string): string {
  return i18next.t('editor.percent', { value: formatDecimal(percentage, userLocale()) });
}

/** A rate's label: its name, with the percentage only when the name does not say it already ("USt. 19 %"). */
export function taxRateLabel(rate: Pick<TaxRate, 'name' | 'percentage'>): string {
  const digits = rate.percentage.replace(/\.0+$|(\.\d*?)0+$/, '$1');
  const pattern = new RegExp(`(^|[^\\d.,])${digits.replace('.', '[.,]')}\\s*%`);
  return pattern.test(rate.name) ? rate.name : `${rate.name} (${formatPercent(rate.percentage)})`;
}

export function taxOptions(rates: readonly TaxRate[]) {
  return [{ value: NO_TAX, label: i18next.t('editor.tax.none') }, ...rates.filter((r) => !r.archived).map((r) => ({ value: r.id, label: taxRateLabel(r) }))];
}

/** The live check's message for a field, in the user's language. */
function issueMessage(issue: LiveIssue): string {
  return i18next.t(`editor.errors.${issue.code}`);
}

/**
 * An amount or a percentage ("5%", "5 %") typed in the user's locale, held as the API's text:
 * "12.50" or "5%". (DecimalInput's `percent` reads a percentage field, whose value has no "%".)
 */
export function AmountOrPercentInput({ value, onChange, error, ...props }: Omit<Parameters<typeof DecimalInput>[0], 'percent'>) {
  const locale = userLocale();
  const [editing, setEditing] = useState<string | null>(null);
  const canonical = value ?? '';
  const percent = /%\s*$/.test(canonical);
  const number = canonical.replace(/\s*%\s*$/, '');
  const shown = editing ?? (/^-?\d+(\.\d+)?$/.test(number) ? (percent ? formatPercent(number) : formatDecimal(number, locale)) : canonical);
  const parsed = parseDecimal(shown, locale, { percent: true });
  const ownError = editing === null && shown.trim() !== '' && !parsed.ok ? i18next.t('common.input.notANumber', { example: formatDecimal('25.5', locale) }) : null;
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={shown}
      error={error ?? ownError}
      onFocus={() => setEditing(shown)}
      onBlur={(event) => {
        setEditing(null);
        props.onBlur?.(event);
      }}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setEditing(text);
        const result = parseDecimal(text, locale, { percent: true });
        onChange(result.ok ? (/%\s*$/.test(text) ? `${result.value}%` : result.value) : text.trim());
      }}
    />
  );
}

interface LinesProps {
  form: Form;
  products: readonly Product[];
  rates: readonly TaxRate[];
  live: LiveTotals;
  /** Document-level discounts and charges (false: lines only, as recurring invoices have). */
  adjustments?: boolean;
  /** Shown under the heading, e.g. the placeholders a recurring invoice's descriptions may use. */
  hint?: ReactNode;
  /** Show every field's problem, touched or not (after a save was tried). */
  showAllErrors?: boolean;
}

type FieldError = (path: string) => string | undefined;

export function LinesEditor({ form, products, rates, live, adjustments = true, hint, showAllErrors = false }: LinesProps) {
  const { t } = useTranslation();
  const taxData = taxOptions(rates);
  const productData = products.filter((p) => !p.archived).map((p) => ({ value: p.id, label: p.sku ? `${p.name} (${p.sku})` : p.name }));
  const issues = live.ok ? live.issues : live.path === undefined ? [] : [{ path: live.path, code: 'invalid_line' as const, message: live.message }];
  const fieldError: FieldError = (path) => {
    const server = form.errors[path] as string | undefined;
    if (server !== undefined) return server;
    if (!showAllErrors && !form.isTouched(path)) return undefined;
    const issue = issues.find((i) => i.path === path);
    return issue === undefined ? undefined : issueMessage(issue);
  };
  const currency = form.values.currency;
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });

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
      <Title order={3}>{t('editor.lines.title')}</Title>
      {hint}
      {form.values.lines.map((line, i) => {
        const computed = live.ok && live.computed[i] === true;
        const net = live.ok && computed ? live.totals.lines[i]?.line_total : undefined;
        const amount = net === undefined ? '—' : formatMoney(formatAmount(net, currency), currency);
        const props: LineProps = { form, i, adjustments, productData, taxData, fieldError, amount, pickProduct };
        return wide ? <WideLine key={line.key} {...props} /> : <CompactLine key={line.key} {...props} />;
      })}
      {typeof form.errors.lines === 'string' ? (
        <Text c="red" size="sm">
          {form.errors.lines}
        </Text>
      ) : null}
      {adjustments ? (
        <>
          <Adjustments form={form} kind="allowances" taxData={taxData} fieldError={fieldError} live={live} />
          <Adjustments form={form} kind="charges" taxData={taxData} fieldError={fieldError} live={live} />
        </>
      ) : null}
      <Group gap="xs">
        <Button variant="light" onClick={() => form.insertListItem('lines', emptyLine())}>
          {t('editor.lines.add')}
        </Button>
        {adjustments ? (
          <>
            <Button variant="subtle" onClick={() => form.insertListItem('allowances', emptyAdjustment(t('editor.discounts.defaultReason')))}>
              {t('editor.discounts.add')}
            </Button>
            <Button variant="subtle" onClick={() => form.insertListItem('charges', emptyAdjustment(t('editor.charges.defaultReason')))}>
              {t('editor.charges.add')}
            </Button>
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

interface LineProps {
  form: Form;
  i: number;
  adjustments: boolean;
  productData: { value: string; label: string }[];
  taxData: { value: string; label: string }[];
  fieldError: FieldError;
  amount: string;
  pickProduct: (i: number, id: string | null) => void;
}

/** The line's fields, each a small component so the two layouts place the same inputs. */
function useLineFields({ form, i, adjustments, productData, taxData, fieldError, pickProduct }: LineProps) {
  const { t } = useTranslation();
  const line = form.values.lines[i];
  if (line === undefined) return null;
  const path = (field: string) => `lines.${i}.${field}`;
  return {
    line,
    product: (
      <Select
        label={t('editor.lines.product')}
        placeholder={t('editor.lines.productPlaceholder')}
        searchable
        clearable
        data={productData}
        value={line.product_id}
        onChange={(id) => pickProduct(i, id)}
        error={fieldError(path('product_id'))}
        nothingFoundMessage={t('common.input.nothingFound')}
        comboboxProps={{ withinPortal: true }}
      />
    ),
    description: <TextInput label={t('editor.lines.description')} {...form.getInputProps(path('description'))} error={fieldError(path('description'))} />,
    quantity: <DecimalInput label={t('editor.lines.quantity')} {...form.getInputProps(path('quantity'))}
        value={line.quantity} error={fieldError(path('quantity'))} />,
    unit: <TextInput label={t('editor.lines.unit')} placeholder={t('editor.lines.unitPlaceholder')} {...form.getInputProps(path('unit'))} error={fieldError(path('unit'))} />,
    // E-invoice unit codes belong to invoices; recurring lines (adjustments=false) have none.
    unitCode: adjustments ? (
      <Select
        label={t('editor.lines.unitCode')}
        placeholder={t('editor.lines.unitCodePlaceholder')}
        data={unitCodeData(line.unit_code)}
        searchable
        clearable
        value={line.unit_code || null}
        onChange={(code) => form.setFieldValue(path('unit_code'), code ?? '')}
        error={fieldError(path('unit_code'))}
        nothingFoundMessage={t('common.input.nothingFound')}
        comboboxProps={{ withinPortal: true, width: 'max-content', position: 'bottom-start' }}
      />
    ) : null,
    unitPrice: (
      <DecimalInput
        label={t('editor.lines.unitPrice')}
        minimumFractionDigits={2}
        styles={{ input: { textAlign: 'right' } }}
        {...form.getInputProps(path('unit_price'))}
        value={line.unit_price}
        error={fieldError(path('unit_price'))}
      />
    ),
    discount: (
      <AmountOrPercentInput
        label={t('editor.lines.discount')}
        placeholder={t('editor.lines.discountPlaceholder', { amount: formatDecimal('5.00', userLocale()), percent: formatPercent('10') })}
        {...form.getInputProps(path('discount'))}
        value={line.discount}
        error={fieldError(path('discount'))}
      />
    ),
    tax: (
      <Select
        label={t('editor.lines.taxRate')}
        data={taxData}
        allowDeselect={false}
        {...form.getInputProps(path('tax_rate_id'))}
        error={fieldError(path('tax_rate_id'))}
        comboboxProps={{ withinPortal: true, width: 'max-content', position: 'bottom-end' }}
      />
    ),
    remove: (
      <ActionIcon variant="subtle" color="red" aria-label={t('editor.lines.remove', { n: i + 1 })} onClick={() => form.removeListItem('lines', i)}>
        ×
      </ActionIcon>
    ),
  };
}

function LineAmount({ i, amount }: { i: number; amount: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" fw={600} ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} aria-label={t('editor.lines.amount', { n: i + 1 })}>
      {amount}
    </Text>
  );
}

/** 1440 px: the main fields and the amount in one row, unit, unit code and discount in a second. */
function WideLine(props: LineProps) {
  const { t } = useTranslation();
  const fields = useLineFields(props);
  if (fields === null) return null;
  const { i, adjustments } = props;
  return (
    <Paper withBorder p="sm" role="group" aria-label={t('editor.lines.group', { n: i + 1 })}>
      <Grid gap="xs" align="flex-end" columns={24}>
        <Grid.Col span={5}>{fields.product}</Grid.Col>
        <Grid.Col span={8}>{fields.description}</Grid.Col>
        <Grid.Col span={2}>{fields.quantity}</Grid.Col>
        <Grid.Col span={3}>{fields.unitPrice}</Grid.Col>
        <Grid.Col span={3}>{fields.tax}</Grid.Col>
        <Grid.Col span={3}>
          <Group justify="flex-end" wrap="nowrap" gap="xs" h={36}>
            <LineAmount i={i} amount={props.amount} />
            {fields.remove}
          </Group>
        </Grid.Col>
        <Grid.Col span={3}>{fields.unit}</Grid.Col>
        {adjustments ? <Grid.Col span={5}>{fields.unitCode}</Grid.Col> : null}
        <Grid.Col span={3}>{fields.discount}</Grid.Col>
      </Grid>
    </Paper>
  );
}

/** A phone: description with the amount beside its label, quantity/price/tax in a row, the rest behind "More". */
function CompactLine(props: LineProps) {
  const { t } = useTranslation();
  const fields = useLineFields(props);
  const { form, i } = props;
  const secondary = ['product_id', 'unit', 'unit_code', 'discount'].map((f) => `lines.${i}.${f}`);
  const line = form.values.lines[i];
  const hasError = secondary.some((path) => props.fieldError(path) !== undefined);
  const [opened, setOpened] = useState(line !== undefined && line.discount !== '');
  if (fields === null) return null;
  const open = opened || hasError;
  return (
    <Paper withBorder px="xs" py={6} role="group" aria-label={t('editor.lines.group', { n: i + 1 })}>
      <Group justify="space-between" wrap="nowrap" gap={4} mb={2}>
        <Text size="sm" fw={500} component="label" htmlFor={`line-${form.values.lines[i]?.key ?? i}-description`}>
          {t('editor.lines.description')}
        </Text>
        <Group gap={2} wrap="nowrap">
          <LineAmount i={i} amount={props.amount} />
          <Button
            variant="subtle"
            size="compact-xs"
            aria-expanded={open}
            aria-label={t(open ? 'editor.lines.fewerFields' : 'editor.lines.moreFields', { n: i + 1 })}
            onClick={() => setOpened(!open)}
          >
            {open ? t('editor.lines.less') : t('editor.lines.more')}
          </Button>
          {fields.remove}
        </Group>
      </Group>
      <TextInput
        id={`line-${form.values.lines[i]?.key ?? i}-description`}
        aria-label={t('editor.lines.description')}
        {...form.getInputProps(`lines.${i}.description`)}
        error={props.fieldError(`lines.${i}.description`)}
      />
      <Grid gap={6} mt={4} columns={24} align="flex-end">
        <Grid.Col span={6}>{fields.quantity}</Grid.Col>
        <Grid.Col span={9}>{fields.unitPrice}</Grid.Col>
        <Grid.Col span={9}>{fields.tax}</Grid.Col>
      </Grid>
      <Collapse expanded={open}>
        <Grid gap={6} mt={4} columns={24} align="flex-end">
          <Grid.Col span={24}>{fields.product}</Grid.Col>
          <Grid.Col span={12}>{fields.discount}</Grid.Col>
          <Grid.Col span={12}>{fields.unit}</Grid.Col>
          {props.adjustments ? <Grid.Col span={24}>{fields.unitCode}</Grid.Col> : null}
        </Grid>
      </Collapse>
    </Paper>
  );
}

interface AdjustmentsProps {
  form: Form;
  kind: 'allowances' | 'charges';
  taxData: { value: string; label: string }[];
  fieldError: FieldError;
  live: LiveTotals;
}

/** Invoice-wide discounts (allowances) or charges: on all lines (split per tax rate) or at one rate. */
function Adjustments({ form, kind, taxData, fieldError, live }: AdjustmentsProps) {
  const { t } = useTranslation();
  const list = form.values[kind];
  const group = kind === 'allowances' ? 'discounts' : 'charges';
  const currency = form.values.currency;
  const appliesTo = [{ value: ALL_RATES, label: t('editor.adjustments.allLines') }, ...taxData];
  const rateName = new Map(taxData.map((o) => [o.value, o.label]));
  return (
    <Stack gap="xs">
      {list.length > 0 ? <Title order={4}>{t(`editor.${group}.title`)}</Title> : null}
      {list.map((item, i) => {
        const parts = live.ok ? live[kind].filter((a) => a.origin === i) : [];
        const split = item.tax_rate_id === ALL_RATES && parts.length > 1 && parts.every((p) => p.computed !== undefined);
        return (
          <Paper key={item.key} withBorder p="sm" role="group" aria-label={t(`editor.${group}.group`, { n: i + 1 })}>
            <Grid gap="xs" align="flex-end" columns={24}>
              <Grid.Col span={{ base: 21, sm: 9 }} order={1}>
                <TextInput label={t('editor.adjustments.reason')} {...form.getInputProps(`${kind}.${i}.reason`)} error={fieldError(`${kind}.${i}.reason`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 10, sm: 6 }} order={{ base: 3, sm: 2 }}>
                <AmountOrPercentInput
                  label={t('editor.adjustments.amount')}
                  placeholder={t('editor.adjustments.amountPlaceholder', { amount: formatDecimal('25.00', userLocale()), percent: formatPercent('5') })}
                  styles={{ input: { textAlign: 'right' } }}
                  {...form.getInputProps(`${kind}.${i}.amount`)}
                  value={item.amount}
                  error={fieldError(`${kind}.${i}.amount`)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 14, sm: 8 }} order={{ base: 4, sm: 3 }}>
                <Select
                  label={t('editor.adjustments.appliesTo')}
                  data={appliesTo}
                  allowDeselect={false}
                  {...form.getInputProps(`${kind}.${i}.tax_rate_id`)}
                  error={fieldError(`${kind}.${i}.tax_rate_id`)}
                  comboboxProps={{ withinPortal: true, width: 'max-content', position: 'bottom-end' }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 3, sm: 1 }} order={{ base: 2, sm: 4 }}>
                <Group justify="flex-end" h={36}>
                  <ActionIcon variant="subtle" color="red" aria-label={t(`editor.${group}.remove`, { n: i + 1 })} onClick={() => form.removeListItem(kind, i)}>
                    ×
                  </ActionIcon>
                </Group>
              </Grid.Col>
            </Grid>
            {split ? (
              <Text size="xs" c="dimmed" mt={4}>
                {t('editor.adjustments.split', {
                  parts: parts.map((p) => t('editor.adjustments.splitPart', { amount: formatMoney(formatAmount(p.computed ?? 0n, currency), currency), rate: rateName.get(p.tax_rate_id) ?? p.tax_rate_id })).join(', '),
                })}
              </Text>
            ) : null}
          </Paper>
        );
      })}
    </Stack>
  );
}
