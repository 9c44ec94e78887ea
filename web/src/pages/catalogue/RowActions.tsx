/** Edit, archive/unarchive and delete (with confirmation) for one catalogue row. */
import { Button, Group, Table } from '@mantine/core';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';

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
