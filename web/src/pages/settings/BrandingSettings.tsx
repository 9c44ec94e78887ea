/**
 * How documents look and what they tell the customer about paying: the logo, the accent
 * colour, the footer line and the bank details. Admins edit; everyone else reads.
 */
import { useRef, useState } from 'react';
import { Alert, Box, Button, Checkbox, ColorInput, FileButton, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
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
  if (!response.ok) throw new ApiError(response.status, data?.detail ?? data?.title ?? i18next.t('organization.branding.uploadFailedStatus', { status: response.status }), data?.errors ?? []);
  return data as Organization;
}

async function removeLogo(): Promise<void> {
  const response = await fetch('/api/v1/organization/logo', { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok && response.status !== 404) throw new ApiError(response.status, i18next.t('organization.branding.removeFailedStatus', { status: response.status }));
}

function LogoCard({ organization, editable }: { organization: Organization; editable: boolean }) {
  const { t } = useTranslation();
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
      notifications.show({ message: t('organization.branding.logoUploaded'), color: 'green' });
    },
    onError: (e) => setError(e instanceof ApiError ? (e.byField().logo ?? e.message) : t('organization.branding.uploadFailed')),
    onSettled: () => resetRef.current?.(),
  });
  const choose = (file: File | null) => {
    if (file === null) return;
    if (file.size > LOGO_MAX_BYTES) {
      setError(t('organization.branding.tooLarge', { size: Math.ceil(file.size / 1024), max: 512 }));
      resetRef.current?.();
      return;
    }
    upload.mutate(file);
  };
  const remove = async () => {
    await removeLogo();
    await saved({ ...organization, logo_url: null });
    notifications.show({ message: t('organization.branding.logoRemoved'), color: 'green' });
  };

  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        {t('organization.branding.logo')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('organization.branding.logoHelp', { max: 512 })}
      </Text>
      <Group align="center" gap="lg" wrap="wrap">
        <Box
          w={220}
          maw="100%"
          h={96}
          p="xs"
          style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 6, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fff' }}
        >
          {organization.logo_url ? (
            <Image src={organization.logo_url} alt={t('organization.branding.currentLogo')} mah={76} maw={200} fit="contain" data-testid="logo-preview" />
          ) : (
            <Text size="sm" c="dimmed" ta="center">
              {t('organization.branding.noLogo')}
            </Text>
          )}
        </Box>
        {editable ? (
          <Group gap="sm">
            <FileButton onChange={choose} accept={LOGO_TYPES} resetRef={resetRef}>
              {(props) => (
                <Button {...props} variant="light" loading={upload.isPending}>
                  {organization.logo_url ? t('organization.branding.replaceLogo') : t('organization.branding.uploadLogo')}
                </Button>
              )}
            </FileButton>
            {organization.logo_url ? (
              <ConfirmButton
                label={t('common.actions.remove')}
                variant="subtle"
                color="red"
                title={t('organization.branding.removeTitle')}
                message={t('organization.branding.removeConfirm')}
                confirmLabel={t('organization.branding.removeLabel')}
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
  const { t } = useTranslation();
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
      notifications.show({ message: t('organization.branding.saved'), color: 'green' });
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
        <Alert color="gray" title={t('organization.readOnly')}>
          {t('organization.branding.readOnly')}
        </Alert>
      ) : null}
      <LogoCard organization={organization} editable={editable} />
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="sm">
              {t('organization.branding.style')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ColorInput
                label={t('organization.branding.accent')}
                description={t('organization.branding.accentHelp')}
                placeholder={t('organization.branding.accentDefault', { color: DEFAULT_ACCENT })}
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
              label={t('organization.branding.footer')}
              description={t('organization.branding.footerHelp', { length: footerLength, max: 1000 })}
              placeholder={t('organization.branding.footerPlaceholder')}
              autosize
              minRows={2}
              maxRows={6}
              readOnly={readOnly}
              {...form.getInputProps('document_footer')}
            />
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="xs">
              {t('organization.branding.bank')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('organization.branding.bankHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('organization.branding.accountHolder')} readOnly={readOnly} {...form.getInputProps('bank_details.account_holder')} />
              <TextInput label={t('organization.branding.bankName')} readOnly={readOnly} {...form.getInputProps('bank_details.bank_name')} />
              <TextInput label="IBAN" placeholder="DE89 3704 0044 0532 0130 00" readOnly={readOnly} {...form.getInputProps('bank_details.iban')} />
              <TextInput label="BIC" placeholder="COBADEFFXXX" readOnly={readOnly} {...form.getInputProps('bank_details.bic')} />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label={t('organization.branding.instructions')}
              placeholder={t('organization.branding.instructionsPlaceholder')}
              autosize
              minRows={2}
              maxRows={4}
              readOnly={readOnly}
              {...form.getInputProps('bank_details.instructions')}
            />
            <Text size="xs" c="dimmed" mt="xs">
              {t('organization.branding.qrHelp')}
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="xs">
              {t('organization.branding.receipts')}
            </Title>
            <Checkbox
              label={t('organization.branding.receiptsLabel')}
              description={t('organization.branding.receiptsHelp')}
              disabled={readOnly}
              {...form.getInputProps('send_payment_receipts', { type: 'checkbox' })}
            />
          </Paper>
          <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label={t('organization.branding.save')} />
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
