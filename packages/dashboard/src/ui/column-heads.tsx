/** A list table's header row: its column names, and a last column named for screen readers only. */
export function ColumnHeads({
  names,
  actions = false,
}: {
  readonly names: readonly string[];
  /** A last column of buttons, "Actions" to a screen reader and blank on screen. */
  readonly actions?: boolean;
}) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
