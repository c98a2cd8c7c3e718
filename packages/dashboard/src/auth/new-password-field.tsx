/** A field for a new password, with the server's length rule (12 to 256 characters) beside it. */
import { useId } from 'react';

export const MIN_PASSWORD = 12;

export function NewPasswordField(props: {
  readonly label: string;
  readonly name: string;
  readonly help?: string;
}) {
  const helpId = useId();
  return (
    <>
      <label>
        {props.label}
        <input
          name={props.name}
          type="password"
          required
          minLength={MIN_PASSWORD}
          maxLength={256}
          autoComplete="new-password"
          aria-describedby={helpId}
        />
      </label>
      <p id={helpId} className="help">
        At least {MIN_PASSWORD} characters.{props.help === undefined ? '' : ` ${props.help}`}
      </p>
    </>
  );
}
