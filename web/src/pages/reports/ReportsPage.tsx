import { Title } from '@mantine/core';
import { EmptyState } from '../../components/states.tsx';

export default function Page() {
  return (
    <>
      <Title order={2}>Reports</Title>
      <EmptyState title="Coming soon">This screen is being built.</EmptyState>
    </>
  );
}
