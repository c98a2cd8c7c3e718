/** Routes below this one need credentials; without them (or when the API refuses them) it goes to sign-in. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { onUnauthorized } from '../api/api-client';
import { signedIn, signOut } from './credentials';

export function RequireSignIn() {
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const here = location.pathname + location.search;
  useEffect(
    () =>
      onUnauthorized(() => {
        signOut();
        client.clear();
        navigate('/sign-in', { replace: true, state: { from: here } });
      }),
    [client, navigate, here],
  );
  if (!signedIn()) return <Navigate to="/sign-in" replace state={{ from: here }} />;
  return <Outlet />;
}
