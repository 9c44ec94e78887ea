/**
 * Links to a document's PDF: open it in a new tab, or download it. Plain links to the API
 * (the session cookie authenticates them), so the browser's own PDF viewer and download
 * manager do the rest.
 */
import { Button, Group, Text } from '@mantine/core';

export function PdfLinks({ path, name, size = 'xs' }: { path: string; name: string; size?: 'xs' | 'sm' }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Button component="a" href={`/api/v1${path}`} target="_blank" rel="noopener" variant="default" size={size} aria-label={`Open ${name} as PDF`}>
        Open PDF
      </Button>
      <Button component="a" href={`/api/v1${path}?download=1`} variant="light" size={size} aria-label={`Download ${name} as PDF`}>
        Download PDF
      </Button>
    </Group>
  );
}

/** The bar above the invoice preview: what it is, and its PDF. */
export function InvoiceDocumentBar({ invoice }: { invoice: { id: string; number: string | null; status: string } }) {
  const name = invoice.number === null ? 'the draft invoice' : `invoice ${invoice.number}`;
  return (
    <Group justify="space-between" px="sm" py={8} gap="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Text size="sm" fw={600}>
        {invoice.status === 'draft' ? 'Document preview (draft, marked DRAFT)' : 'Document'}
      </Text>
      <PdfLinks path={`/invoices/${invoice.id}/pdf`} name={name} />
    </Group>
  );
}
