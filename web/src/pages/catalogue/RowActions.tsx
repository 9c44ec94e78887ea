/** Edit, archive/unarchive and delete (with confirmation) for catalogue rows. */
import { Button, Group, Table } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del, patch } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { notifyError, notifySuccess } from '../customers/listing.tsx';

interface Props {
  name: string;
  archived: boolean;
  /** e.g. "product" or "tax rate", for the confirmation's wording. */
  noun: string;
  onEdit: () => void;
  onToggleArchive: () => void;
  onDelete: () => Promise<unknown>;
}

export function RowActions({ name, archived, noun, onEdit, onToggleArchive, onDelete }: Props) {
  return (
    <Table.Td>
      <Group gap={6} wrap="nowrap">
        <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${name}`}>
          Edit
        </Button>
        <Button size="xs" variant="default" onClick={onToggleArchive} aria-label={`${archived ? 'Unarchive' : 'Archive'} ${name}`}>
          {archived ? 'Unarchive' : 'Archive'}
        </Button>
        <ConfirmButton
          size="xs"
          color="red"
          variant="subtle"
          aria-label={`Delete ${name}`}
          label="Delete"
          title={`Delete this ${noun}?`}
          message={`${name} will be deleted. A ${noun} used on finalized invoices cannot be deleted: archive it instead.`}
          confirmLabel="Delete"
          onConfirm={onDelete}
        />
      </Group>
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
export function useCatalogueActions<T extends CatalogueItem>(key: string, path: string, noun: string) {
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: (item: T) => patch<T>(`${path}/${item.id}`, { archived: !item.archived }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: [key] });
      notifySuccess(saved.archived ? `Archived ${saved.name}` : `Restored ${saved.name}`);
    },
    onError: (error) => notifyError(error),
  });
  const remove = async (item: T) => {
    try {
      await del(`${path}/${item.id}`);
    } catch (error) {
      notifyError(error, `Could not delete the ${noun}`);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: [key] });
    notifySuccess(`Deleted ${item.name}`);
  };
  return { archive, remove };
}
