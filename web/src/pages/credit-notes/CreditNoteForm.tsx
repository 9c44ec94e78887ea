/**
 * Issues a credit note against a finalized invoice, either
 * - by lines: a quantity per invoice line (at most what is not yet credited of it), credited at
 *   what the line was invoiced at (its discount respected) and taxed at the line's own rate; or
 * - by amount: a gross amount (tax included) per tax rate of the invoice, each taxed at its rate.
 * The server computes the credit note as it would issue it (POST …/credit-notes/preview) while
 * the user types, so the preview shows exactly the lines, tax and total that will be issued.
 */
import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { LoadingState } from '../../components/states.tsx';
import { formatMoney, formatUnitPrice } from '../../components/format.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { parseScaled } from '../../../../src/domain/money/index.ts';
import type { CreditNotePreviewOut } from '../../../../src/modules/credit-notes/credit-notes.schemas.ts';
import { useInvoiceCreditNotes, useRefreshBilling, type CreditNote, type Invoice } from '../invoices/invoiceApi.ts';
import { creditBody, errorsByKey, isPositive, linesLeft, ratesLeft, type CreditMode, type LineLeft, type RateLeft } from './creditNoteModel.ts';

export function CreditNoteForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const notes = useInvoiceCreditNotes(invoice.id);
  if (notes.isPending) return <LoadingState />;
  return <CreditNoteFields invoice={invoice} notes={notes.data?.data ?? []} onDone={onDone} />;
}

const exceeds = (value: string, most: string) => parseScaled(value, 6) > parseScaled(most, 6);

function CreditNoteFields({ invoice, notes, onDone }: { invoice: Invoice; notes: readonly CreditNote[]; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = userLocale();
  const refresh = useRefreshBilling();
  const lines = linesLeft(invoice, notes);
  const rates = ratesLeft(invoice, notes);
  const [mode, setMode] = useState<CreditMode>(lines.some((line) => isPositive(line.left)) ? 'lines' : 'amounts');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const percent = (value: string) => `${formatDecimal(value, locale)} %`;

  // Checked here first, so the preview only asks the server about what it can answer.
  const ownErrors: Record<string, string> = {};
  if (mode === 'lines') {
    for (const line of lines) {
      const value = (quantities[line.id] ?? '').trim();
      if (value === '' || !/^\d+(\.\d+)?$/.test(value)) continue;
      if (!isPositive(value)) ownErrors[line.id] = t('creditNotes.form.quantityPositive');
      else if (exceeds(value, line.left)) ownErrors[line.id] = t('creditNotes.form.quantityTooMuch', { left: formatDecimal(line.left, locale) });
    }
  } else {
    for (const rate of rates) {
      const value = (amounts[rate.tax_rate_id] ?? '').trim();
      if (value === '' || !/^\d+(\.\d+)?$/.test(value)) continue;
      if (!isPositive(value)) ownErrors[rate.tax_rate_id] = t('creditNotes.form.amountPositive');
      else if (exceeds(value, rate.left)) ownErrors[rate.tax_rate_id] = t('creditNotes.form.amountTooMuch', { left: money(rate.left) });
    }
  }
  const request = creditBody(mode, quantities, amounts, lines, rates);
  const valid = request !== null && Object.keys(ownErrors).length === 0;
  const [debounced] = useDebouncedValue(valid ? request : null, 200);
  const preview = useQuery({
    queryKey: ['credit-note-preview', invoice.id, debounced?.body ?? null],
    queryFn: () => post<CreditNotePreviewOut>(`/invoices/${invoice.id}/credit-notes/preview`, debounced?.body),
    enabled: debounced !== null,
    retry: false,
    gcTime: 0,
    placeholderData: keepPreviousData,
  });
  const shown = valid && preview.data !== undefined && !preview.isError ? preview.data : null;
  const previewErrors = preview.error instanceof ApiError && debounced !== null ? errorsByKey(preview.error.fieldErrors, debounced.order) : { byKey: {}, general: [] };

  const save = useMutation({
    mutationFn: () => post<CreditNote>(`/invoices/${invoice.id}/credit-notes`, { ...request?.body, reason: reason.trim() }),
    onSuccess: async (note) => {
      await refresh();
      notifications.show({ color: 'green', message: t('creditNotes.form.issued', { number: note.number }) });
      onDone();
    },
  });
  const saveErrors = save.error instanceof ApiError && request !== null ? errorsByKey(save.error.fieldErrors, request.order) : { byKey: {}, general: [] };
  const errorOf = (key: string) => ownErrors[key] ?? saveErrors.byKey[key] ?? previewErrors.byKey[key];
  const reasonServerError = save.error instanceof ApiError ? save.error.fieldErrors.find((e) => e.path === 'reason')?.message : undefined;
  const general = [
    ...(save.error instanceof ApiError ? saveErrors.general.filter((m) => m !== reasonServerError) : []),
    ...(save.error !== null && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? [save.error.message] : []),
    ...(!save.error && valid ? previewErrors.general : []),
    ...(!save.error && valid && preview.error && !(preview.error instanceof ApiError && preview.error.fieldErrors.length > 0) ? [preview.error.message] : []),
  ];
  const [nothingChosen, setNothingChosen] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const noReason = reason.trim() === '';
    setReasonError(noReason ? t('creditNotes.form.reasonRequired') : null);
    setNothingChosen(request === null && Object.keys(ownErrors).length === 0);
    if (noReason || !valid) return;
    save.mutate();
  };

  // A line's credit as last computed, while the line is still part of what is credited.
  const creditOf = (lineId: string) =>
    shown !== null && mode === 'lines' && request?.order.includes(lineId) === true ? (shown.lines.find((line) => line.invoice_line_id === lineId)?.net_amount ?? null) : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('creditNotes.form.intro')}
        </Text>
        <SegmentedControl
          fullWidth
          value={mode}
          onChange={(value) => {
            setMode(value);
            setNothingChosen(false);
            save.reset();
          }}
          aria-label={t('creditNotes.form.modeLabel')}
          data={[
            { value: 'lines', label: t('creditNotes.form.byLines') },
            { value: 'amounts', label: t('creditNotes.form.byAmount'), disabled: rates.length === 0 },
          ]}
        />
        {mode === 'lines' ? (
          <Stack gap="xs" role="group" aria-label={t('creditNotes.form.linesLabel')}>
            {lines.map((line) => (
              <LineRow
                key={line.id}
                line={line}
                currency={invoice.currency}
                value={quantities[line.id] ?? ''}
                error={errorOf(line.id)}
                credit={creditOf(line.id)}
                onChange={(value) => setQuantities((current) => ({ ...current, [line.id]: value }))}
              />
            ))}
          </Stack>
        ) : (
          <Stack gap="xs" role="group" aria-label={t('creditNotes.form.amountsLabel')}>
            {rates.map((rate) => (
              <RateRow
                key={rate.tax_rate_id}
                rate={rate}
                currency={invoice.currency}
                value={amounts[rate.tax_rate_id] ?? ''}
                error={errorOf(rate.tax_rate_id)}
                tax={shown?.taxes.find((tax) => tax.category === rate.category && tax.percentage === rate.percentage)?.tax_amount ?? null}
                onChange={(value) => setAmounts((current) => ({ ...current, [rate.tax_rate_id]: value }))}
              />
            ))}
            {invoice.taxes.some((row) => row.tax_rate_id === null) ? (
              <Text size="xs" c="dimmed">
                {t('creditNotes.form.untaxedByLines')}
              </Text>
            ) : null}
          </Stack>
        )}
        {nothingChosen ? (
          <Text c="red" size="sm" role="alert">
            {mode === 'lines' ? t('creditNotes.form.nothingChosenLines') : t('creditNotes.form.nothingChosenAmounts')}
          </Text>
        ) : null}
        <TextInput
          label={t('creditNotes.form.reason')}
          placeholder={t('creditNotes.form.reasonPlaceholder')}
          value={reason}
          error={reasonError ?? reasonServerError}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setReasonError(null);
          }}
        />
        <PreviewPanel preview={shown} loading={valid && preview.isFetching && shown === null} percent={percent} money={money} />
        {general.map((message) => (
          <Text key={message} c="red" size="sm" role="alert">
            {message}
          </Text>
        ))}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {t('creditNotes.form.submit')}
        </FormActions>
      </Stack>
    </form>
  );
}

function LineRow({
  line,
  currency,
  value,
  error,
  credit,
  onChange,
}: {
  line: LineLeft;
  currency: string;
  value: string;
  error: string | undefined;
  credit: string | null;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const locale = userLocale();
  const quantity = (text: string) => formatDecimal(text, locale);
  const nothingLeft = !isPositive(line.left);
  const discount = line.discount === null ? null : line.discount.endsWith('%') ? `${formatDecimal(line.discount.slice(0, -1), locale)} %` : formatMoney(line.discount, currency);
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="credit-line">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {line.description}
          </Text>
          <Text size="xs" c="dimmed">
            {t('creditNotes.form.lineDetails', { quantity: quantity(line.quantity), price: formatUnitPrice(line.unit_price, currency) })}
            {discount !== null ? ` · ${t('creditNotes.form.lineDiscount', { discount })}` : ''}
            {' · '}
            {t('creditNotes.form.lineTax', { percentage: `${formatDecimal(line.percentage, locale)} %` })}
          </Text>
          <Text size="xs" c={nothingLeft ? 'orange' : 'dimmed'}>
            {nothingLeft ? t('creditNotes.form.lineCredited') : t('creditNotes.form.lineLeft', { left: quantity(line.left), quantity: quantity(line.quantity) })}
            {!nothingLeft && value !== line.left ? (
              <>
                {' · '}
                <Anchor component="button" type="button" size="xs" onClick={() => onChange(line.left)} aria-label={t('creditNotes.form.allOfLine', { description: line.description })}>
                  {t('creditNotes.form.all')}
                </Anchor>
              </>
            ) : null}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
          <DecimalInput
            w={96}
            size="xs"
            aria-label={t('creditNotes.form.quantityFor', { description: line.description })}
            placeholder="0"
            disabled={nothingLeft}
            value={value}
            onChange={onChange}
            error={error}
            styles={{ input: { textAlign: 'right' }, error: { textAlign: 'right', maxWidth: 160 } }}
          />
          <Text size="xs" ta="right" data-testid="line-credit" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            {credit !== null ? t('creditNotes.form.lineCredit', { amount: formatMoney(credit, currency) }) : ' '}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

function RateRow({
  rate,
  currency,
  value,
  error,
  tax,
  onChange,
}: {
  rate: RateLeft;
  currency: string;
  value: string;
  error: string | undefined;
  tax: string | null;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const locale = userLocale();
  const percentage = `${formatDecimal(rate.percentage, locale)} %`;
  // "USt. 7 %" already says its rate: no "(7 %)" after it.
  const namesRate = rate.name !== null && new RegExp(`(^|[^\\d.,])${rate.percentage.replace('.', '[.,]')}\\s?%`).test(rate.name);
  const label =
    rate.name === null ? t('creditNotes.form.rateUnnamed', { percentage }) : namesRate ? rate.name : t('creditNotes.form.rateNamed', { name: rate.name, percentage });
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="credit-rate">
      <DecimalInput
        label={t('creditNotes.form.amountAt', { rate: label, currency })}
        description={isPositive(rate.left) ? t('creditNotes.form.amountLeft', { left: formatMoney(rate.left, currency) }) : t('creditNotes.form.rateCredited')}
        disabled={!isPositive(rate.left)}
        minimumFractionDigits={2}
        value={value}
        onChange={onChange}
        error={error}
      />
      <Text size="xs" c="dimmed" mt={4} data-testid="rate-tax">
        {tax !== null ? t('creditNotes.form.taxIncluded', { tax: formatMoney(tax, currency), percentage }) : t('creditNotes.form.taxExtracted', { percentage })}
      </Text>
    </Paper>
  );
}

function PreviewPanel({
  preview,
  loading,
  percent,
  money,
}: {
  preview: CreditNotePreviewOut | null;
  loading: boolean;
  percent: (value: string) => string;
  money: (amount: string) => string;
}) {
  const { t } = useTranslation();
  if (preview === null) {
    return (
      <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-default-hover)" aria-label={t('creditNotes.form.previewLabel')} role="region">
        <Text size="sm" c="dimmed">
          {loading ? t('creditNotes.form.previewLoading') : t('creditNotes.form.previewEmpty')}
        </Text>
      </Paper>
    );
  }
  const rows: { label: string; amount: string; strong?: boolean }[] = [{ label: t('creditNotes.totals.net'), amount: money(preview.subtotal) }];
  for (const tax of preview.taxes) {
    rows.push({ label: t('creditNotes.totals.taxAt', { percentage: percent(tax.percentage), base: money(tax.taxable_amount) }), amount: money(tax.tax_amount) });
  }
  rows.push({ label: t('creditNotes.totals.total'), amount: money(preview.total), strong: true });
  return (
    <Paper withBorder p="xs" radius="sm" aria-label={t('creditNotes.form.previewLabel')} role="region">
      <Table verticalSpacing={4} aria-label={t('creditNotes.form.previewLabel')}>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row" fw={row.strong ? 700 : 400}>
                <Text size="sm" fw={row.strong ? 700 : 400}>
                  {row.label}
                </Text>
              </Table.Th>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={row.strong ? 'credit-total' : undefined}>
                <Text size="sm" fw={row.strong ? 700 : 400}>
                  {row.amount}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isPositive(preview.credit_amount) ? (
        <Badge variant="light" color="blue" mt={4} style={{ whiteSpace: 'normal', height: 'auto' }}>
          {t('creditNotes.form.becomesCredit', { amount: money(preview.credit_amount) })}
        </Badge>
      ) : null}
    </Paper>
  );
}
