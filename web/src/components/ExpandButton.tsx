/** The small button that opens and closes a table row's details (aria-expanded, aria-controls). */
import { ActionIcon, Text } from '@mantine/core';

export function ExpandButton({ expanded, controls, label, onClick }: { expanded: boolean; controls: string; label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="gray" aria-expanded={expanded} aria-controls={controls} aria-label={label} onClick={onClick}>
      <Text span size="sm" aria-hidden>
        {expanded ? '▾' : '▸'}
      </Text>
    </ActionIcon>
  );
}
