/** A fieldset of radio buttons, one choice of a few, named by its legend. */
import type { ReactNode } from 'react';

export interface RadioChoicesProps<T extends string> {
  readonly legend: string;
  readonly name: string;
  readonly choices: readonly (readonly [T, string])[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  /** Shown after the choices (a field the current choice needs). */
  readonly children?: ReactNode;
}

export function RadioChoices<T extends string>(props: RadioChoicesProps<T>) {
  return (
    <fieldset className="choices">
      <legend>{props.legend}</legend>
      {props.choices.map(([value, label]) => (
        <label key={value} className="check">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}
