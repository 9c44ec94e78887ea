/**
 * Why an invoice could not be finalized, one readable line per problem: for a customer who
 * receives e-invoices the server checks the would-be document and answers 422 with each
 * broken rule and the field it is about ("customer.address.city"). Each line says in words
 * which field that is, whose it is, and links to where it is fixed.
 */
import { Link } from 'react-router';
import { Alert, Anchor, CloseButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RuleBadge } from './EInvoiceCard.tsx';
import type { FieldError } from '../../api/client.ts';
import { ruleMessage } from './einvoiceFormats.ts';
import { describeField, withFormatNames } from './refusalFields.ts';

export interface Refusal {
  message: string;
  errors: FieldError[];
}

export function FinalizeRefusal({ refusal, invoice, onClose }: { refusal: Refusal; invoice: { id: string; customer_id: string }; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert" title={t('invoice.refusal.title')}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Text size="sm">{withFormatNames(refusal.message)}</Text>
          <CloseButton size="sm" aria-label={t('invoice.refusal.dismiss')} onClick={onClose} />
        </Group>
        <Stack component="ul" gap={8} m={0} p={0} aria-label={t('invoice.refusal.whatToFix')} style={{ listStyle: 'none' }}>
          {refusal.errors.map((error, index) => {
            const { field, place } = describeField(error.path, invoice);
            const rule = /^\[([^\]]+)\]/.exec(error.message)?.[1];
            return (
              <li key={`${error.path}|${index}`}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {rule === undefined ? null : <RuleBadge rule={rule} color="red" />}
                  <Text span fw={600} size="sm">
                    {place === null ? t('invoice.refusal.owner.invoice') : place.owner}: {field}
                  </Text>
                  {' — '}
                  {rule === undefined ? error.message : ruleMessage({ rule, message: error.message })}
                  {place === null ? null : (
                    <>
                      {' '}
                      <Anchor component={Link} to={place.to} size="sm">
                        {place.action}
                      </Anchor>
                    </>
                  )}
                </Text>
              </li>
            );
          })}
        </Stack>
      </Stack>
    </Alert>
  );
}
