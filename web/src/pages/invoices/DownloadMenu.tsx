/**
 * "Download" on an issued invoice or credit note: the PDF and each e-invoice format. Every
 * entry is a plain link with download=1 (the session cookie authenticates it), so the browser's
 * download manager does the rest and nothing is held in memory by the page.
 */
import { Badge, Button, Menu, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EINVOICE_FORMATS, einvoiceHref, type DocumentKind, type EInvoiceFormat } from './einvoiceFormats.ts';

interface Props {
  kind: DocumentKind;
  id: string;
  /** "invoice INV-2026-00001": the accessible name of the menu says what it downloads. */
  name: string;
  /** The customer's e-invoice format, marked in the menu. */
  preferred?: EInvoiceFormat | null;
  size?: ButtonProps['size'];
  variant?: ButtonProps['variant'];
}

export function DownloadMenu({ kind, id, name, preferred = null, size = 'xs', variant = 'light' }: Props) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={250}>
      <Menu.Target>
        <Button size={size} variant={variant} aria-label={t('invoice.download.menuLabel', { name })} rightSection={<Chevron />}>
          {t('common.actions.download')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={`/api/v1/${kind}/${id}/pdf?download=1`}>
          PDF
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('invoice.download.einvoice')}</Menu.Label>
        {EINVOICE_FORMATS.map((format) => (
          <Menu.Item
            key={format.value}
            component="a"
            href={einvoiceHref(kind, id, format.value)}
            title={t(`invoice.formats.${format.key}`)}
            rightSection={
              format.value === preferred ? (
                <Badge size="xs" variant="light" color="teal">
                  {t('invoice.download.customerFormat')}
                </Badge>
              ) : null
            }
          >
            {format.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** A small down arrow; the app has no icon set, and one inline path is all this needs. */
function Chevron() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
