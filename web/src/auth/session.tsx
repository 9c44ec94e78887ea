/**
 * Who is signed in, for the whole app: the `me` query, and what the current role may do.
 * The server enforces every rule; the UI only hides what the role cannot use.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client.ts';
import type { SessionOut } from '../../../src/modules/auth/auth.schemas.ts';
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

/**
 * The signed-in user, or null when nobody is. Asks GET /auth/session, which answers 200 either
 * way, so a signed-out first visit logs no failed request (GET /auth/me would be a 401).
 */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      const session = await get<SessionOut>('/auth/session');
      if (!session.signed_in) return null;
      const { signed_in: _signedIn, ...me } = session;
      return me;
    },
    staleTime: 60_000,
  });
}
