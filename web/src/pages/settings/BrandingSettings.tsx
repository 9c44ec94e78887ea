/**
 * How documents look and what they tell the customer about paying: the logo, the accent
 * colour, the footer line and the bank details. Admins edit; everyone else reads.
 */
import { useRef, useState } from 'react';
import { Alert, Box, Button, Checkbox, ColorInput, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, patch } from '../../api/client.ts';
import type { Organization } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { SettingsFormFooter } from './SettingsFormFooter.tsx';

/** What documents use when no accent colour is set (documents/document-model DEFAULT_ACCENT). */
const DEFAULT_ACCENT = '#2f4b7c';
const SWATCHES = ['#2f4b7c', '#1a7f5a', '#0b7285', '#5f3dc4', '#c2255c', '#e8590c', '#343a40'];
const LOGO_TYPES = 'image/png,image/jpeg,image/svg+xml';
const LOGO_MAX_BYTES = 512 * 1024;

interface Values {
  accent_color: string;
  document_footer: string;
  bank_details: { account_holder: string; bank_name: string; iban: string; bic: string; instructions: string };
  send_payment_receipts: boolean;
}

function valuesOf(org: Organization): Values {
  const b = org.bank_details;
  return {
    accent_color: org.accent_color ?? '',
    document_footer: org.document_footer ?? '',
    bank_details: {
      account_holder: b?.account_holder ?? '',
      bank_name: b?.bank_name ?? '',
      iban: b?.iban ? b.iban.replace(/(.{4})(?=.)/g, '$1 ') : '',
      bic: b?.bic ?? '',
      instructions: b?.instructions ?? '',
    },
    send_payment_receipts: org.send_payment_receipts,
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function bodyOf(values: Values): Record<string, unknown> {
  const b = values.bank_details;
  const bank = { account_holder: orNull(b.account_holder), bank_name: orNull(b.bank_name), iban: orNull(b.iban), bic: orNull(b.bic), instructions: orNull(b.instructions) };
  return {
    accent_color: orNull(values.accent_color),
    document_footer: orNull(values.document_footer),
    bank_details: Object.values(bank).some((v) => v !== null) ? bank : null,
    send_payment_receipts: values.send_payment_receipts,
  };
}

/** The logo goes up as the raw image, not JSON, so it has its own request. */
async function uploadLogo(file: File): Promise<Organization> {
  const response = await fetch('/api/v1/organization/logo', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  const text = await response.text();
  const data = (text ? JSON.parse(text) : null) as (Organization & { detail?: string; title?: string; errors?: { path: string; message: string }[] }) | null;
  if (!response.ok) throw new ApiError(response.status, data?.detail ?? data?.title ?? `Upload failed (${response.status})`, data?.errors ?? []);
  return data as Organization;
}

async function removeLogo(): Promise<void> {
  const response = await fetch('/api/v1/organization/logo', { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok && response.status !== 404) throw new ApiError(response.status, `Could not remove the logo (${response.status})`);
}

function LogoCard({ organization, editable }: { organization: Organization; editable: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);
  const saved = async (org: Organization) => {
    queryClient.setQueryData(['organization'], org);
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  };
  const upload = useMutation({
    mutationFn: uploadLogo,
    onSuccess: async (org) => {
      setError(null);
      await saved(org);
      notifications.show({ message: 'Logo uploaded', color: 'green' });
    },
    onError: (e) => setError(e instanceof ApiError ? (e.byField().logo ?? e.message) : 'The upload failed. Please try again.'),
    onSettled: () => resetRef.current?.(),
  });
  const choose = (file: File | null) => {
    if (file === null) return;
    if (file.size > LOGO_MAX_BYTES) {
      setError(`This file is ${Math.ceil(file.size / 1024)} KB; the logo must be at most 512 KB.`);
      resetRef.current?.();
      return;
    }
    upload.mutate(file);
  };
  const remove = async () => {
    await removeLogo();
    await saved({ ...organization, logo_url: null });
    notifications.show({ message: 'Logo removed', color: 'green' });
  };

  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        Logo
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Printed at the top of invoices and credit notes. PNG, JPEG or SVG, at most 512 KB.
      </Text>
      <Group align="center" gap="lg" wrap="wrap">
        <Box
          w={220}
          h={96}
          p="xs"
          style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 6, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fff' }}
        >
          {organization.logo_url ? (
            <Image src={organization.logo_url} alt="Current logo" mah={76} maw={200} fit="contain" data-testid="logo-preview" />
          ) : (
            <Text size="sm" c="dimmed" ta="center">
              No logo yet
            </Text>
          )}
        </Box>
        {editable ? (
          <Group gap="sm">
            <FileButton onChange={choose} accept={LOGO_TYPES} resetRef={resetRef}>
              {(props) => (
                <Button {...props} variant="light" loading={upload.isPending}>
                  {organization.logo_url ? 'Replace logo' : 'Upload logo'}
                </Button>
              )}
            </FileButton>
            {organization.logo_url ? (
              <ConfirmButton
                label="Remove"
                variant="subtle"
                color="red"
                title="Remove the logo?"
                message="Documents will be printed without a logo until you upload a new one."
                confirmLabel="Remove logo"
                onConfirm={remove}
              />
            ) : null}
          </Group>
        ) : null}
      </Group>
      {error ? (
        <Text c="red" size="sm" mt="sm" role="alert" data-testid="logo-error">
          {error}
        </Text>
      ) : null}
    </Paper>
  );
}

function BrandingForm({ organization }: { organization: Organization }) {
  const session = useSession();
  const editable = session.can('admin');
  const readOnly = !editable;
  const queryClient = useQueryClient();
  const form = useForm<Values>({ initialValues: valuesOf(organization) });

  const save = useMutation({
    mutationFn: (values: Values) => patch<Organization>('/organization', bodyOf(values)),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['organization'], saved);
      form.resetDirty(valuesOf(saved));
      form.setValues(valuesOf(saved));
      notifications.show({ message: 'Branding saved', color: 'green' });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  const footerLength = form.values.document_footer.length;
  return (
    <Stack gap="md" maw={760}>
      {readOnly ? (
        <Alert color="gray" title="Read only">
          Only admins can change branding.
        </Alert>
      ) : null}
      <LogoCard organization={organization} editable={editable} />
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="sm">
              Document style
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ColorInput
                label="Accent colour"
                description="Headings and rules on your documents"
                placeholder={`${DEFAULT_ACCENT} (default)`}
                format="hex"
                swatches={SWATCHES}
                swatchesPerRow={7}
                fixOnBlur={false}
                withEyeDropper={false}
                readOnly={readOnly}
                disallowInput={readOnly}
                {...form.getInputProps('accent_color')}
              />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label="Footer"
              description={`Printed at the bottom of every page: registration, directors, anything the law asks for (${footerLength}/1000)`}
              placeholder="e.g. Acme GmbH · Commercial register Berlin HRB 12345 · Managing director: A. Example"
              autosize
              minRows={2}
              maxRows={6}
              readOnly={readOnly}
              {...form.getInputProps('document_footer')}
            />
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="xs">
              Bank details
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Shown on invoices as payment instructions. Leave empty to print none.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Account holder" readOnly={readOnly} {...form.getInputProps('bank_details.account_holder')} />
              <TextInput label="Bank name" readOnly={readOnly} {...form.getInputProps('bank_details.bank_name')} />
              <TextInput label="IBAN" placeholder="DE89 3704 0044 0532 0130 00" readOnly={readOnly} {...form.getInputProps('bank_details.iban')} />
              <TextInput label="BIC" placeholder="COBADEFFXXX" readOnly={readOnly} {...form.getInputProps('bank_details.bic')} />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label="Payment instructions"
              placeholder="e.g. Please quote the invoice number with your payment."
              autosize
              minRows={2}
              maxRows={4}
              readOnly={readOnly}
              {...form.getInputProps('bank_details.instructions')}
            />
            <Text size="xs" c="dimmed" mt="xs">
              With an IBAN, EUR invoices with an amount due also carry a QR code (EPC &ldquo;GiroCode&rdquo;) that banking apps scan to fill in the transfer.
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="xs">
              Receipts
            </Title>
            <Checkbox
              label="E-mail the customer a receipt (PDF) for each payment recorded"
              description="Sent to the customer's e-mail address through the outbox; customers without one get none."
              disabled={readOnly}
              {...form.getInputProps('send_payment_receipts', { type: 'checkbox' })}
            />
          </Paper>
          <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label="Save branding" />
        </Stack>
      </form>
    </Stack>
  );
}

export default function BrandingSettings() {
  const organization = useQuery({ queryKey: ['organization'], queryFn: () => get<Organization>('/organization') });
  if (organization.isPending) return <LoadingState />;
  if (organization.isError) return <ErrorState error={organization.error} />;
  return <BrandingForm organization={organization.data} />;
}
