/**
 * People (admins for every project only): who can sign in, with which role and project; add
 * a user, reset a password, disable or enable. The API refuses all of it to anyone else.
 */
import type { User } from '@switchyard/server/admin-types';
import { useState } from 'react';
import { useMe } from '../auth/session-queries';
import { useCanManagePeople } from '../auth/use-allowed';
import { ColumnHeads } from '../ui/column-heads';
import { Empty, ErrorState, Loading } from '../ui/states';
import { ChangeRoleDialog } from './change-role-dialog';
import { CreateUserDialog } from './create-user-dialog';
import { DisableUserDialog } from './disable-user-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { useChangeUser, useUsers } from './user-queries';

type Open =
  | { readonly kind: 'create' }
  | { readonly kind: 'role' | 'reset' | 'disable'; readonly user: User };

export function PeoplePage() {
  const allowed = useCanManagePeople();
  const users = useUsers(allowed);
  const me = useMe().data;
  const enable = useChangeUser();
  const [open, setOpen] = useState<Open | undefined>();

  if (!allowed) return <Empty>Managing people needs the admin role for every project.</Empty>;
  return (
    <section aria-labelledby="people-title">
      <div className="page-head">
        <h1 id="people-title">People</h1>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
          Add user
        </button>
      </div>
      {enable.isError && <ErrorState error={enable.error} />}
      {users.isPending ? (
        <Loading label="Loading people…" />
      ) : users.isError ? (
        <ErrorState error={users.error} retry={() => users.refetch()} />
      ) : users.data.length === 0 ? (
        <Empty>No one signs in with a password yet: add the first user.</Empty>
      ) : (
        <table className="flags people">
          <ColumnHeads names={['Name', 'Email', 'Role', 'Projects', 'Status']} actions />
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  {user.name}
                  {user.id === me?.id && <span className="badge">you</span>}
                </th>
                <td data-label="Email">{user.email}</td>
                <td data-label="Role">{user.role}</td>
                <td data-label="Projects">{user.projectKey ?? 'Every project'}</td>
                <td data-label="Status">{user.disabled ? 'Disabled' : 'Active'}</td>
                <td className="row-actions">
                  <button type="button" className="link" onClick={() => setOpen({ kind: 'role', user })}>
                    Change role<span className="visually-hidden"> of {user.email}</span>
                  </button>
                  <button type="button" className="link" onClick={() => setOpen({ kind: 'reset', user })}>
                    Reset password<span className="visually-hidden"> of {user.email}</span>
                  </button>
                  {user.disabled ? (
                    <button
                      type="button"
                      className="link"
                      disabled={enable.isPending}
                      onClick={() => enable.mutate({ id: user.id, body: { disabled: false } })}
                    >
                      Enable<span className="visually-hidden"> {user.email}</span>
                    </button>
                  ) : (
                    user.id !== me?.id && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => setOpen({ kind: 'disable', user })}
                      >
                        Disable<span className="visually-hidden"> {user.email}</span>
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'create' && <CreateUserDialog onClose={() => setOpen(undefined)} />}
      {open?.kind === 'role' && <ChangeRoleDialog user={open.user} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'reset' && <ResetPasswordDialog user={open.user} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'disable' && <DisableUserDialog user={open.user} onClose={() => setOpen(undefined)} />}
    </section>
  );
}
