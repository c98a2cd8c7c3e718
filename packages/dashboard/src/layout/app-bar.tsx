/**
 * The top bar of the pages outside a project (the operators' console, a new project): the
 * brand, what the page puts beside it, and who is signed in.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SignedInAs } from './signed-in-as';

export function AppBar({ children }: { readonly children?: ReactNode }) {
  return (
    <header className="top-bar">
      <Link className="brand" to="/">
        Switchyard
      </Link>
      {children}
      <SignedInAs />
    </header>
  );
}
