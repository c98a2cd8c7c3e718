/**
 * Errors by JSON pointer, from the editor's own checks and from the API's refusal, shown
 * at the field they belong to: the field gets aria-invalid and is described by the message.
 */
import { createContext, type ReactNode, useContext } from 'react';

const ErrorsContext = createContext<ReadonlyMap<string, string>>(new Map());

export function FieldErrorsProvider({
  errors,
  children,
}: {
  readonly errors: ReadonlyMap<string, string>;
  readonly children: ReactNode;
}) {
  return <ErrorsContext.Provider value={errors}>{children}</ErrorsContext.Provider>;
}

const idOf = (path: string) => `error${path.replaceAll('/', '-')}`;

/** Props that tie a field to the error at `path`, if there is one. */
export function useFieldError(path: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const message = useContext(ErrorsContext).get(path);
  return message === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': idOf(path) };
}

export function FieldError({ path }: { readonly path: string }) {
  const message = useContext(ErrorsContext).get(path);
  if (message === undefined) return null;
  return (
    <span id={idOf(path)} className="field-error">
      {message}
    </span>
  );
}
