/** The people who sign in (admin only), cached as one list; every change refreshes it. */
import type { ListBody, MeBody, NewUserBody, User, UserChangeBody } from '@switchyard/server/admin-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import { ME } from '../auth/session-queries';
import { managesPeople } from '../auth/use-allowed';

const USERS = ['users'] as const;
const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

/** `enabled` false for anyone but an admin: the API would refuse them. */
export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: USERS,
    enabled,
    queryFn: ({ signal }) => request<ListBody<User>>('GET', '/users', { signal }),
    select: (body) => body.items,
  });
}

function useUserMutation<T>(send: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  // GET /me first: an admin who changed their own role sees the dashboard for their new role at
  // once, and the list is not asked for again by someone the API no longer lets read it.
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ME });
      if (managesPeople(client.getQueryData<MeBody>(ME))) await client.invalidateQueries({ queryKey: USERS });
      else client.removeQueries({ queryKey: USERS });
    },
  });
}

export const useCreateUser = () =>
  useUserMutation((body: NewUserBody) => request<User>('POST', '/users', { body }));

export const useChangeUser = () =>
  useUserMutation(({ id, body }: { readonly id: string; readonly body: UserChangeBody }) =>
    request<User>('PATCH', userPath(id), { body }),
  );

export const useResetPassword = () =>
  useUserMutation(({ id, password }: { readonly id: string; readonly password: string }) =>
    request('POST', `${userPath(id)}/reset-password`, { body: { password } }),
  );
