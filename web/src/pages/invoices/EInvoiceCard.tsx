/**
 * The e-invoice card of an issued invoice: what the official EN 16931 rules (and the format's
 * profile rules) say of the e-invoice Settle writes for it. For a customer with an e-invoice
 * format the check runs on its own; otherwise the user picks a format and presses Check.
 * Read-only, so viewers see it too.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Collapse, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import {
  DEFAULT_CHECK_FORMAT,
  EINVOICE_FORMATS,
  einvoiceHref,
  formatLabel,
  isEInvoiceFormat,
  ruleMessage,
  type EInvoiceFinding,
  type EInvoiceFormat,
  type EInvoiceValidation,
} from './einvoiceFormats.ts';
import { useCustomerEInvoiceFormat, type Invoice } from './invoiceApi.ts';

export function EInvoiceCard({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const preferred = useCustomerEInvoiceFormat(invoice.customer_id);
  if (preferred.isPending) {
    return (
      <CardFrame>
        <Loader size="sm" aria-label={t('invoice.einvoice.loadingFormat')} />
      </CardFrame>
    );
  }
  // Without the customer (an error, or no right to read it) the card still works, unchosen.
  const format = preferred.data ?? null;
  return <EInvoiceCheck key={format ?? 'none'} invoice={invoice} preferred={format} />;
}

function CardFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="einvoice-card-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="einvoice-card-title">
          {t('invoice.einvoice.title')}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function EInvoiceCheck({ invoice, preferred }: { invoice: Invoice; preferred: EInvoiceFormat | null }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<EInvoiceFormat>(preferred ?? DEFAULT_CHECK_FORMAT);
  // The format whose check was asked for: the customer's at once, any other on "Check".
  const [checked, setChecked] = useState<EInvoiceFormat | null>(preferred);
  const validation = useQuery({
    queryKey: ['einvoice-validation', invoice.id, format],
    queryFn: () => get<EInvoiceValidation>(`/invoices/${invoice.id}/einvoice/validation?format=${format}`),
    enabled: checked === format,
    // An issued invoice never changes, so neither does its e-invoice's verdict.
    staleTime: Infinity,
    retry: false,
  });
  const check = () => {
    if (checked === format) void validation.refetch();
    else setChecked(format);
  };
  const running = validation.isFetching;

  return (
    <CardFrame>
      <Text size="sm" c="dimmed">
        {preferred === null
          ? t('invoice.einvoice.noFormat')
          : t('invoice.einvoice.customerReceives', { format: formatLabel(preferred) })}
      </Text>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label={t('invoice.einvoice.format')}
          data={EINVOICE_FORMATS.map((f) => ({ value: f.value, label: f.label }))}
          value={format}
          onChange={(value) => {
            if (isEInvoiceFormat(value)) setFormat(value);
          }}
          allowDeselect={false}
          size="sm"
          style={{ flex: '1 1 12rem' }}
        />
        <Button variant="default" size="sm" onClick={check} loading={running}>
          {t('invoice.einvoice.check')}
        </Button>
      </Group>
      {checked !== format ? null : validation.isPending || running ? (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">{t('invoice.einvoice.checking')}</Text>
        </Group>
      ) : validation.isError ? (
        <Alert color="red" title={t('invoice.einvoice.checkFailed')} role="alert">
          {validation.error.message}
        </Alert>
      ) : (
        <Verdict result={validation.data} href={einvoiceHref('invoices', invoice.id, format)} label={formatLabel(format)} />
      )}
    </CardFrame>
  );
}

function Verdict({ result, href, label }: { result: EInvoiceValidation; href: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {result.valid ? (
        <Alert color="green" title={t('invoice.einvoice.valid')} role="status">
          <Text size="sm">
            {t('invoice.einvoice.noRuleFailed', { format: label })}{' '}
            <Anchor href={href} size="sm">
              {t('invoice.einvoice.downloadIt')}
            </Anchor>
          </Text>
        </Alert>
      ) : (
        <Alert color="red" title={t('invoice.einvoice.notValid', { count: result.errors.length })} role="alert">
          <Findings findings={result.errors} label={t('invoice.einvoice.rulesBroken', { format: label })} />
        </Alert>
      )}
      <Warnings warnings={result.warnings} />
    </Stack>
  );
}

/** Warnings do not stop a document; they stay folded away until asked for. */
function Warnings({ warnings }: { warnings: EInvoiceFinding[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (warnings.length === 0) return null;
  return (
    <div>
      <Button variant="subtle" size="compact-sm" color="orange" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? t('invoice.einvoice.hideWarnings', { count: warnings.length }) : t('invoice.einvoice.showWarnings', { count: warnings.length })}
      </Button>
      <Collapse expanded={open}>
        <Paper p="xs" mt={4} bg="var(--mantine-color-orange-light)">
          <Findings findings={warnings} label={t('invoice.einvoice.warnings')} />
        </Paper>
      </Collapse>
    </div>
  );
}

function Findings({ findings, label }: { findings: EInvoiceFinding[]; label: string }) {
  return (
    <Stack component="ul" gap={6} m={0} p={0} aria-label={label} style={{ listStyle: 'none' }}>
      {findings.map((finding, index) => (
        // The XPath is long and of little use to most readers: it is there on hover.
        <li key={`${finding.rule}|${finding.location}|${index}`} title={finding.location}>
          {/* The id flows inline with its message: in a narrow card, a column beside it would leave the message a sliver. */}
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            <RuleBadge rule={finding.rule} color="gray" />
            {ruleMessage(finding)}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

export function RuleBadge({ rule, color }: { rule: string; color: string }) {
  return (
    <Badge component="span" variant="outline" color={color} size="sm" radius="sm" mr={6} style={{ textTransform: 'none', verticalAlign: 'text-bottom' }}>
      {rule}
    </Badge>
  );
}

