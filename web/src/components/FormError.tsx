/** A failure that names no field (those show beside their inputs), as a line in the form. */
import { Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';

export function FormError({ error }: { error: Error | null }) {
  if (error === null || (error instanceof ApiError && error.fieldErrors.length > 0)) return null;
  return (
    <Text c="red" size="sm" role="alert">
      {error.message}
    </Text>
  );
}
