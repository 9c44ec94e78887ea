/** Edit, archive/unarchive and delete (with confirmation) for catalogue rows. */
import { Button, Group, Table } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, patch } from '../../api/client.ts';
import { i18next } from '../../i18n/index.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { notifyError, notifySuccess } from '../customers/listing.tsx';

/** What a catalogue row is, for the confirmation's wording. */
export type CatalogueNoun = 'product' | 'taxRate';

interface Props {
  name: string;
  archived: boolean;
  noun: CatalogueNoun;
  onEdit: () => void;
  onToggleArchive: () => void;
  onDelete: () => Promise<unknown>;
}

/** The buttons alone (a phone's card); `RowActions` puts them in a table cell. */
export function RowActionButtons({ name, archived, noun, onEdit, onToggleArchive, onDelete }: Props) {
  const { t } = useTranslation();
  const archiveLabel = archived ? t('catalogue.rowActions.unarchive') : t('catalogue.rowActions.archive');
  return (
    <Group gap={6} wrap="nowrap">
      <Button size="xs" variant="default" onClick={onEdit} aria-label={t('catalogue.rowActions.editName', { name })}>
        {t('common.actions.edit')}
      </Button>
      <Button size="xs" variant="default" onClick={onToggleArchive} aria-label={`${archiveLabel} ${name}`}>
        {archiveLabel}
      </Button>
      <ConfirmButton
        size="xs"
        color="red"
        variant="subtle"
        aria-label={t('catalogue.rowActions.deleteName', { name })}
        label={t('common.actions.delete')}
        title={t('catalogue.rowActions.deleteTitle', { noun })}
        message={t('catalogue.rowActions.deleteMessage', { name, noun })}
        confirmLabel={t('common.actions.delete')}
        onConfirm={onDelete}
      />
    </Group>
  );
}

export function RowActions(props: Props) {
  return (
    <Table.Td>
      <RowActionButtons {...props} />
    </Table.Td>
  );
}

interface CatalogueItem {
  id: string;
  name: string;
  archived: boolean;
}

/**
 * Archive/unarchive and delete for a catalogue list (`key` is its query key, `path` its
 * API collection, e.g. 'products' and '/products'); the server's refusal (a 409 for an
 * entry used on finalized invoices) is shown as it is.
 */
export function useCatalogueActions<T extends CatalogueItem>(key: string, path: string, noun: CatalogueNoun) {
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: (item: T) => patch<T>(`${path}/${item.id}`, { archived: !item.archived }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: [key] });
      notifySuccess(saved.archived ? i18next.t('catalogue.rowActions.archived', { name: saved.name }) : i18next.t('catalogue.rowActions.restored', { name: saved.name }));
    },
    onError: (error) => notifyError(error),
  });
  const remove = async (item: T) => {
    try {
      await del(`${path}/${item.id}`);
    } catch (error) {
      notifyError(error, i18next.t('catalogue.rowActions.deleteFailed', { noun }));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: [key] });
    notifySuccess(i18next.t('catalogue.rowActions.deleted', { name: item.name }));
  };
  return { archive, remove };
}
