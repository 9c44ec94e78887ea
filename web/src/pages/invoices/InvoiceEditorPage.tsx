/**
 * Create or edit a draft invoice. Totals are recomputed on every keystroke with the same
 * domain code the server uses, so what you see is what will be saved.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Anchor, Button, Grid, Group, Paper, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { currencyCodeList } from '../../../../src/domain/money/index.ts';
import { ApiError, get, patch, post } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.tsx';
import { blankInvoice, fromInvoice, liveTotals, requestBody, type EditorValues } from './editorModel.ts';
import { useInvoice, useProducts, useRefreshBilling, useTaxRates, type Invoice, type Product, type TaxRate } from './invoiceApi.ts';
import { LinesEditor } from './LinesEditor.tsx';
import { NotesAndTerms, SaveErrorAlert } from './DocumentFormParts.tsx';
import { TotalsPanel } from './TotalsPanel.tsx';
import { EinvoiceDetails } from './EinvoiceDetails.tsx';

export default function InvoiceEditorPage() {
  const { id } = useParams();
  const invoice = useInvoice(id);
  const rates = useTaxRates();
  const products = useProducts();
  // "New invoice" from a customer's page arrives with ?customer_id=: start with that customer.
  const [params] = useSearchParams();
  const presetId = id === undefined ? params.get('customer_id') : null;
  const preset = useQuery({
    queryKey: ['customers', presetId],
    queryFn: () => get<Customer>(`/customers/${encodeURIComponent(presetId ?? '')}`),
    enabled: presetId !== null,
  });
  if (invoice.isError) return <ErrorState error={invoice.error} />;
  if (rates.isError) return <ErrorState error={rates.error} />;
  if (products.isError) return <ErrorState error={products.error} />;
  if ((id !== undefined && invoice.isPending) || rates.isPending || products.isPending || (presetId !== null && preset.isPending)) return <LoadingState />;
  if (invoice.data !== undefined && invoice.data.status !== 'draft') {
    return <ErrorState title="This invoice is no longer a draft" message="Finalized invoices cannot be edited; issue a credit note instead." />;
  }
  // An unknown or archived customer id is ignored: the form starts empty instead of failing.
  const presetCustomer = preset.data !== undefined && !preset.data.archived ? preset.data : null;
  return (
    <Editor key={id ?? 'new'} invoice={invoice.data ?? null} preset={presetCustomer} rates={rates.data.data} products={products.data.data} />
  );
}

const CURRENCIES = currencyCodeList();

interface EditorProps {
  invoice: Invoice | null;
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

function Editor({ invoice, preset, rates, products }: EditorProps) {
  const { me } = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshBilling();
  const form = useForm<EditorValues>({ initialValues: initialValues(invoice, preset, me.organization.currency) });
  const live = useMemo(() => liveTotals(form.values, rates), [form.values, rates]);

  const save = useMutation({
    mutationFn: (values: EditorValues) =>
      invoice === null ? post<Invoice>('/invoices', requestBody(values)) : patch<Invoice>(`/invoices/${invoice.id}`, requestBody(values)),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: 'Draft saved' });
      void navigate(`/invoices/${saved.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const shownPaths = /^(customer_id|currency|issue_date|due_date|notes|terms|buyer_reference|purchase_order_reference|delivery_date|period_start|period_end|lines\.\d+\.(product_id|description|quantity|unit|unit_code|unit_price|discount|tax_rate_id)|(allowances|charges)\.\d+\.(reason|amount|tax_rate_id))$/;

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{invoice === null ? 'New invoice' : 'Edit draft invoice'}</Title>
        <Anchor component={Link} to={invoice === null ? '/invoices' : `/invoices/${invoice.id}`} size="sm">
          Cancel
        </Anchor>
      </Group>
      <Paper withBorder p="md">
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <CustomerPicker
              label="Customer"
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
            <Select label="Currency" searchable allowDeselect={false} data={CURRENCIES} {...form.getInputProps('currency')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4, md: 2 }}>
            <TextInput label="Issue date" type="date" description="Empty: the finalize date" {...form.getInputProps('issue_date')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, xs: 4, md: 2 }}>
            <TextInput label="Due date" type="date" description="Empty: payment terms" {...form.getInputProps('due_date')} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Switch label="Prices include tax" {...form.getInputProps('prices_include_tax', { type: 'checkbox' })} />
          </Grid.Col>
        </Grid>
      </Paper>

      <EinvoiceDetails form={form} />

      <LinesEditor form={form} products={products} rates={rates} live={live} />
      <TotalsPanel live={live} currency={form.values.currency} rates={rates} />

      <NotesAndTerms form={form} />

      <SaveErrorAlert error={save.error} title="The draft was not saved" shownPaths={shownPaths} />
      <Group justify="flex-end">
        <Button type="submit" loading={save.isPending}>
          Save draft
        </Button>
      </Group>
    </Stack>
    </form>
  );
}
