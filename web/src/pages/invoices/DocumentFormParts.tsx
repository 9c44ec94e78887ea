/**
 * The parts the invoice editor and the recurring-invoice editor share below their lines:
 * notes and terms side by side, and the alert for a save the server refused, listing the
 * field errors no input shows itself.
 */
import { Alert, Grid, Textarea } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { EditorValues } from './editorModel.ts';

export function NotesAndTerms({ form }: { form: ReturnType<typeof useForm<EditorValues>> }) {
  const { t } = useTranslation();
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Textarea label={t('editor.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Textarea label={t('editor.terms')} autosize minRows={2} {...form.getInputProps('terms')} />
      </Grid.Col>
    </Grid>
  );
}

/** Nothing until `error` is set; `shownPaths` matches the fields whose inputs show their own error. */
export function SaveErrorAlert({ error, title, shownPaths }: { error: Error | null; title: string; shownPaths: RegExp }) {
  if (error === null) return null;
  const otherErrors = error instanceof ApiError ? error.fieldErrors.filter((e) => !shownPaths.test(e.path)) : [];
  return (
    <Alert color="red" role="alert" title={title}>
      {error.message}
      {otherErrors.map((e) => (
        <div key={e.path}>
          {e.path}: {e.message}
        </div>
      ))}
    </Alert>
  );
}
