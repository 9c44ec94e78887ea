/**
 * Who is signed in, for the whole app: the `me` query, and what the current role may do.
 * The server enforces every rule; the UI only hides what the role cannot use.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../api/client.ts';
import type { Me, Role } from '../api/types.ts';
import { ROLES, roleAtLeast } from '../../../src/domain/roles.ts';

interface Session {
  me: Me;
  can: (role: Role) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside a signed-in page');
  return session;
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const role = (ROLES as readonly string[]).includes(me.role) ? (me.role as Role) : 'viewer';
  return <SessionContext.Provider value={{ me, can: (required) => roleAtLeast(role, required) }}>{children}</SessionContext.Provider>;
}

/** The signed-in user, or null when nobody is (401). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await get<Me>('/auth/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
