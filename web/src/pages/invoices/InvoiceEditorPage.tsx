/**
 * Create or edit a draft invoice. Totals are recomputed on every keystroke with the same
 * domain code the server uses, so what you see is what will be saved. The form opens clean:
 * a field says what is wrong with it once it was touched, or after a save was tried.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Anchor, Button, Grid, Group, Paper, Stack, Switch, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch, post } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import { CurrencySelect } from '../../components/inputs/pickers.tsx';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.tsx';
import { blankInvoice, formErrors, fromInvoice, liveTotals, prepareRequest, type EditorValues } from './editorModel.ts';
import { useInvoice, useProducts, useRefreshBilling, useTaxRates, type Invoice, type Product, type TaxRate } from './invoiceApi.ts';
import { LinesEditor } from './LinesEditor.tsx';
import { NotesAndTerms, SaveErrorAlert } from './DocumentFormParts.tsx';
import { TotalsPanel } from './TotalsPanel.tsx';
import { EinvoiceDetails } from './EinvoiceDetails.tsx';
import { CustomFieldInputs, customFieldValues } from '../../components/CustomFields.tsx';

/**
 * "New invoice" or "New quote" from a customer's page arrives with ?customer_id=: the new
 * document starts with that customer. An unknown or archived customer id is ignored: the form
 * starts empty instead of failing. Editing an existing document (`id`) asks nothing.
 */
export function usePresetCustomer(id: string | undefined): { isPending: boolean; customer: Customer | null } {
  const [params] = useSearchParams();
  const presetId = id === undefined ? params.get('customer_id') : null;
  const preset = useQuery({
    queryKey: ['customers', presetId],
    queryFn: () => get<Customer>(`/customers/${encodeURIComponent(presetId ?? '')}`),
    enabled: presetId !== null,
  });
  return {
    isPending: presetId !== null && preset.isPending,
    customer: preset.data !== undefined && !preset.data.archived ? preset.data : null,
  };
}

export default function InvoiceEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const invoice = useInvoice(id);
  const rates = useTaxRates();
  const products = useProducts();
  const preset = usePresetCustomer(id);
  if (invoice.isError) return <ErrorState error={invoice.error} />;
  if (rates.isError) return <ErrorState error={rates.error} />;
  if (products.isError) return <ErrorState error={products.error} />;
  if ((id !== undefined && invoice.isPending) || rates.isPending || products.isPending || preset.isPending) return <LoadingState />;
  if (invoice.data !== undefined && invoice.data.status !== 'draft') {
    return <ErrorState title={t('editor.notDraft.title')} message={t('editor.notDraft.message')} />;
  }
  return (
    <Editor key={id ?? 'new'} invoice={invoice.data ?? null} preset={preset.customer} rates={rates.data.data} products={products.data.data} />
  );
}

/**
 * What the editor edits: an invoice (the default) or another document with the invoice's
 * body, such as a quote (pages/quotes/QuoteEditorPage.tsx), whose "due date" is its expiry.
 */
/** What a save sends: the editor's request body, with the invoice's custom field values. */
export type EditorRequestBody = ReturnType<typeof prepareRequest>['body'] & { custom_fields?: Record<string, string> };

export interface EditorDocument {
  listPath: string;
  detailPath: (id: string) => string;
  save: (body: EditorRequestBody, existingId: string | null) => Promise<{ id: string }>;
  titleNew: string;
  titleEdit: string;
  issueLabel: string;
  issueHint: string;
  dueLabel: string;
  dueHint: string;
  /** Shows the e-invoice references (buyer reference, order, delivery date, period). */
  einvoice: boolean;
  /** Sends and shows the organization's invoice custom fields (quotes have none yet). */
  customFields: boolean;
  /** The server's field paths as the form's (e.g. expiry_date → due_date). */
  formPath?: (path: string) => string;
}

export interface EditorProps {
  invoice: Invoice | null;
  document?: EditorDocument;
  /** The customer a new invoice starts with. */
  preset: PickedCustomer | null;
  rates: TaxRate[];
  products: Product[];
}

function initialValues(invoice: Invoice | null, preset: PickedCustomer | null, orgCurrency: string): EditorValues {
  if (invoice !== null) return fromInvoice(invoice);
  const blank = blankInvoice(orgCurrency);
  return preset === null ? blank : { ...blank, customer_id: preset.id, currency: preset.currency ?? blank.currency };
}

export function Editor({ invoice, preset, rates, products, document }: EditorProps) {
  const { t } = useTranslation();
  const doc: EditorDocument = document ?? {
    listPath: '/invoices',
    detailPath: (savedId) => `/invoices/${savedId}`,
    save: (body, existingId) => (existingId === null ? post<Invoice>('/invoices', body) : patch<Invoice>(`/invoices/${existingId}`, body)),
    titleNew: t('editor.title.new'),
    titleEdit: t('editor.title.edit'),
    issueLabel: t('editor.issueDate'),
    issueHint: t('editor.issueDateHint'),
    dueLabel: t('editor.dueDate'),
    dueHint: t('editor.dueDateHint'),
    einvoice: true,
    customFields: true,
  };
  const { me } = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshBilling();
  const form = useForm<EditorValues>({ initialValues: initialValues(invoice, preset, me.organization.currency) });
  const live = useMemo(() => liveTotals(form.values, rates), [form.values, rates]);
  // Set by the first save: from then on every field shows its problem, touched or not.
  const [attempted, setAttempted] = useState(false);
  // Custom fields (issue #19) beside the shared editor model: sent with every save of an invoice.
  const [customFields, setCustomFields] = useState(() => customFieldValues(invoice?.custom_fields));

  const save = useMutation({
    mutationFn: (request: ReturnType<typeof prepareRequest>) =>
      doc.save(doc.customFields ? { ...request.body, custom_fields: customFields } : request.body, invoice === null ? null : invoice.id),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: t('editor.saved') });
      void navigate(doc.detailPath(saved.id));
    },
    onError: (error, request) => {
      if (!(error instanceof ApiError)) return;
      const byField = Object.fromEntries(Object.entries(error.byField()).map(([path, message]) => [doc.formPath?.(path) ?? path, message]));
      form.setErrors(formErrors(byField, request));
    },
  });
  const shownPaths = /^(customer_id|currency|issue_date|due_date|notes|terms|buyer_reference|purchase_order_reference|delivery_date|period_start|period_end|lines\.\d+\.(product_id|description|quantity|unit|unit_code|unit_price|discount|tax_rate_id)|(allowances|charges)\.\d+\.(reason|amount|tax_rate_id)|custom_fields\.[a-z0-9_]+)$/;

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setAttempted(true);
        save.mutate(prepareRequest(values));
      })}
      noValidate
    >
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{invoice === null ? doc.titleNew : doc.titleEdit}</Title>
        <Anchor component={Link} to={invoice === null ? doc.listPath : doc.detailPath(invoice.id)} size="sm">
          {t('common.actions.cancel')}
        </Anchor>
      </Group>
      <Paper withBorder p="md">
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <CustomerPicker
              label={t('editor.customer.label')}
              required
              value={form.values.customer_id}
              initial={invoice === null ? preset : { id: invoice.customer.id, name: invoice.customer.name }}
              error={form.errors.customer_id as string | undefined}
              onChange={(customer) => {
                form.setFieldValue('customer_id', customer?.id ?? null);
                if (customer?.currency) form.setFieldValue('currency', customer.currency);
              }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 4, md: 2 }}>
            <CurrencySelect label={t('editor.currency')} clearable={false} {...form.getInputProps('currency')} value={form.values.currency} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4, md: 2 }}>
            <DateField label={doc.issueLabel} description={doc.issueHint} {...form.getInputProps('issue_date')} value={form.values.issue_date} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4, md: 2 }}>
            <DateField label={doc.dueLabel} description={doc.dueHint} {...form.getInputProps('due_date')} value={form.values.due_date} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Switch label={t('editor.pricesIncludeTax')} {...form.getInputProps('prices_include_tax', { type: 'checkbox' })} />
          </Grid.Col>
        </Grid>
      </Paper>

      {doc.einvoice ? <EinvoiceDetails form={form} /> : null}
      {doc.customFields ? (
        <CustomFieldInputs
          resource="invoice"
          values={customFields}
          onChange={setCustomFields}
          errors={form.errors}
          heading={<Title order={3} size="h5">{t('customFields.inputs.heading')}</Title>}
          paper
        />
      ) : null}

      <LinesEditor form={form} products={products} rates={rates} live={live} showAllErrors={attempted} />
      <TotalsPanel live={live} currency={form.values.currency} rates={rates} />

      <NotesAndTerms form={form} />

      <SaveErrorAlert error={save.error} title={t('editor.notSaved')} shownPaths={shownPaths} />
      <Group justify="flex-end">
        <Button type="submit" loading={save.isPending}>
          {t('editor.save')}
        </Button>
      </Group>
    </Stack>
    </form>
  );
}
