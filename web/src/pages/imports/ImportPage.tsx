/**
 * Import (/import?type=customers): upload a CSV, choose what it holds, map its columns (guessed
 * from the headers), see the first rows as they will be read, choose the decimal separator and
 * what happens to duplicates, check it (a dry run listing problems per row and column), then
 * confirm. The server imports all rows or none.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, FileInput, Group, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.tsx';
import { ErrorState } from '../../components/states.tsx';
import { IMPORT_FIELDS, IMPORT_TYPES, guessImportMapping, type ImportType } from '../../../../src/domain/import-fields.ts';
import { ImportRefused, previewCsv, sendImport, type DecimalSeparator, type ImportResult, type OnDuplicate, type Preview } from './importApi.ts';
import { MappingFields, PreviewTable, fieldKey, withCustomGuesses } from './ImportMapping.tsx';
import { useCustomFieldDefinitions } from '../../components/CustomFields.tsx';
import { ImportResultPanel } from './ImportResultPanel.tsx';

const isImportType = (value: string | null): value is ImportType => (IMPORT_TYPES as readonly (string | null)[]).includes(value);

export default function ImportPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const typeParam = params.get('type');
  const type: ImportType = isImportType(typeParam) ? typeParam : 'customers';
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [decimalSeparator, setDecimalSeparator] = useState<DecimalSeparator>(/^(de|fr|es|it|nl|pt)/.test(session.me.organization.locale) ? ',' : '.');
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('report');
  const [outcome, setOutcome] = useState<{ result: ImportResult; refused: boolean } | null>(null);
  // The organization's custom fields of customers or products are mapping targets too.
  const definitions = useCustomFieldDefinitions(type === 'products' ? 'product' : 'customer');
  const customTargets = type === 'tax_rates' ? [] : (definitions.data ?? []).map((d) => ({ value: `custom_fields.${d.key}`, label: d.label }));

  const send = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('no file');
      return sendImport({ file, type, mapping, decimalSeparator, onDuplicate, dryRun });
    },
    onSuccess: async (result) => {
      setOutcome({ result, refused: false });
      if (!result.dry_run) await queryClient.invalidateQueries();
    },
    onError: (error) => {
      if (error instanceof ImportRefused) setOutcome({ result: error.result, refused: true });
      else setOutcome(null);
    },
  });

  if (!session.can('accountant')) return <ErrorState title={t('imports.title')} message={t('shared.notFound.message')} />;

  const changed = () => {
    setOutcome(null);
    send.reset();
  };
  const chooseType = (next: string) => {
    if (!isImportType(next)) return;
    setParams({ type: next }, { replace: true });
    if (preview) setMapping(guessImportMapping(next, preview.headers));
    changed();
  };
  const chooseFile = async (next: File | null) => {
    setFile(next);
    setPreview(null);
    setReadError(null);
    changed();
    if (!next) return;
    try {
      const read = previewCsv(await next.text());
      if (read.headers.every((h) => h === '')) throw new Error(t('imports.noHeader'));
      setPreview(read);
      setMapping(withCustomGuesses(guessImportMapping(type, read.headers), read.headers, customTargets));
    } catch (error) {
      setReadError(t('imports.readError', { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  const mapped = new Set(Object.values(mapping).filter((v): v is string => v !== null));
  const missing = IMPORT_FIELDS[type].required.filter((field) => !mapped.has(field));
  const checkedClean = outcome !== null && outcome.result.dry_run && outcome.result.error_count === 0;
  const done = outcome !== null && !outcome.result.dry_run && !outcome.refused;

  return (
    <Stack gap="md" maw={1100}>
      <Title order={2}>{t('imports.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('imports.intro')}
      </Text>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Select
            label={t('imports.type')}
            data={IMPORT_TYPES.map((value) => ({ value, label: t(`imports.types.${value}`) }))}
            value={type}
            allowDeselect={false}
            onChange={(value) => value && chooseType(value)}
            maw={360}
          />
          <FileInput label={t('imports.file')} placeholder={t('imports.filePlaceholder')} accept=".csv,text/csv,text/plain" value={file} onChange={(f) => void chooseFile(f)} clearable maw={360} data-testid="import-file" />
          {readError ? <Alert color="red">{readError}</Alert> : null}
        </Stack>
      </Card>
      {preview ? (
        <>
          <Card withBorder padding="md">
            <MappingFields
              type={type}
              preview={preview}
              mapping={mapping}
              customTargets={customTargets}
              onChange={(next) => {
                setMapping(next);
                changed();
              }}
            />
            {missing.length > 0 ? (
              <Alert color="orange" mt="sm">
                {t('imports.missing', { fields: missing.map((f) => t(fieldKey(f))).join(', ') })}
              </Alert>
            ) : null}
          </Card>
          <PreviewTable preview={preview} mapping={mapping} customTargets={customTargets} />
          <Card withBorder padding="md">
            <Stack gap="sm">
              <Title order={3}>{t('imports.options')}</Title>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="decimal-separator-label">
                  {t('imports.decimalSeparator')}
                </Text>
                <SegmentedControl
                  aria-labelledby="decimal-separator-label"
                  value={decimalSeparator}
                  onChange={(value) => {
                    setDecimalSeparator(value === ',' ? ',' : '.');
                    changed();
                  }}
                  data={[
                    { value: ',', label: t('imports.decimalComma') },
                    { value: '.', label: t('imports.decimalPoint') },
                  ]}
                  style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
                />
              </Stack>
              <Select
                label={t('imports.onDuplicate')}
                description={t(`imports.duplicateOf.${type}`)}
                data={[
                  { value: 'report', label: t('imports.duplicateReport') },
                  { value: 'update', label: t('imports.duplicateUpdate') },
                  { value: 'skip', label: t('imports.duplicateSkip') },
                ]}
                value={onDuplicate}
                allowDeselect={false}
                onChange={(value) => {
                  if (value === 'report' || value === 'update' || value === 'skip') setOnDuplicate(value);
                  changed();
                }}
                maw={360}
              />
              {done ? null : (
                <Group gap="sm">
                  <Button variant={checkedClean ? 'default' : 'filled'} disabled={missing.length > 0} loading={send.isPending && send.variables} onClick={() => send.mutate(true)}>
                    {t('imports.check')}
                  </Button>
                  {checkedClean ? (
                    <Button loading={send.isPending && !send.variables} onClick={() => send.mutate(false)}>
                      {t('imports.run')}
                    </Button>
                  ) : null}
                </Group>
              )}
            </Stack>
          </Card>
        </>
      ) : null}
      {send.isError && !(send.error instanceof ImportRefused) ? (
        <Alert color="red" title={t('imports.failed')}>
          {send.error.message}
        </Alert>
      ) : null}
      {outcome ? <ImportResultPanel result={outcome.result} refused={outcome.refused} /> : null}
      {done ? (
        <Group>
          <Button variant="default" onClick={() => void chooseFile(null)}>
            {t('imports.again')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
