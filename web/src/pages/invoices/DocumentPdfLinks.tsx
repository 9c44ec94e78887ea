/**
 * Links to a document's PDF: open it in a new tab, or download it. Plain links to the API
 * (the session cookie authenticates them), so the browser's own PDF viewer and download
 * manager do the rest.
 */
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DownloadMenu } from './DownloadMenu.tsx';
import { useCustomerEInvoiceFormat } from './invoiceApi.ts';

export function PdfLinks({ path, name, size = 'xs' }: { path: string; name: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      <OpenPdf path={path} name={name} size={size} />
      <Button component="a" href={`/api/v1${path}?download=1`} variant="light" size={size} aria-label={t('invoice.pdf.downloadLabel', { name })}>
        {t('invoice.pdf.download')}
      </Button>
    </Group>
  );
}

function OpenPdf({ path, name, size }: { path: string; name: string; size: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={`/api/v1${path}`} target="_blank" rel="noopener" variant="default" size={size} aria-label={t('invoice.pdf.openLabel', { name })}>
      {t('invoice.pdf.open')}
    </Button>
  );
}

/**
 * The bar above the invoice preview: what it is, and its files. A draft has only its PDF (marked
 * DRAFT); an issued invoice also has its e-invoices, in the Download menu (the server answers
 * 409 for a draft's).
 */
export function InvoiceDocumentBar({ invoice }: { invoice: { id: string; number: string | null; status: string; customer_id: string } }) {
  const { t } = useTranslation();
  const name = invoice.number === null ? t('invoice.pdf.draftName') : t('invoice.pdf.invoiceName', { number: invoice.number });
  return (
    <Group justify="space-between" px="sm" py={8} gap="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Text size="sm" fw={600}>
        {invoice.status === 'draft' ? t('invoice.pdf.draftPreview') : t('invoice.pdf.document')}
      </Text>
      {invoice.status === 'draft' ? (
        <PdfLinks path={`/invoices/${invoice.id}/pdf`} name={name} />
      ) : (
        <Group gap={6} wrap="nowrap">
          <OpenPdf path={`/invoices/${invoice.id}/pdf`} name={name} size="xs" />
          <InvoiceDownloadMenu invoiceId={invoice.id} customerId={invoice.customer_id} name={name} />
        </Group>
      )}
    </Group>
  );
}

/** The customer's own format is marked in the menu (the same query as the e-invoice card's). */
function InvoiceDownloadMenu({ invoiceId, customerId, name }: { invoiceId: string; customerId: string; name: string }) {
  const preferred = useCustomerEInvoiceFormat(customerId);
  return <DownloadMenu kind="invoices" id={invoiceId} name={name} preferred={preferred.data ?? null} />;
}
