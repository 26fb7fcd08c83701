// A desk form's labelled fields and the banner naming what is wrong, shared by the settings
// and profile forms: each field says its hint, and the one in error points at the banner.

export interface FieldSpec<K extends string> {
  key: K;
  label: string;
  hint?: string;
  long?: boolean;
  required?: boolean;
}

/** The form's problem, which the field in error names in its aria-describedby. */
export function FormErrorBanner(props: { message: string | null | undefined }) {
  if (!props.message) return null;
  return (
    <p class="form-error" id="form-error" role="alert">
      {props.message}
    </p>
  );
}

export function FieldList<K extends string>(props: { prefix: string; fields: FieldSpec<K>[]; values: Record<K, string>; invalid: K | null | undefined; rows?: number }) {
  return (
    <>
      {props.fields.map((f) => {
        const id = `${props.prefix}-${f.key}`;
        const invalid = props.invalid === f.key;
        const described = [f.hint ? `${id}-hint` : '', invalid ? 'form-error' : ''].filter(Boolean).join(' ') || undefined;
        return (
          <p class="field" key={f.key}>
            <label for={id}>{f.label}</label>
            {f.hint ? (
              <span class="field__hint" id={`${id}-hint`}>
                {f.hint}
              </span>
            ) : null}
            {f.long ? (
              <textarea id={id} name={f.key} rows={props.rows ?? 8} aria-describedby={described} aria-invalid={invalid ? 'true' : undefined}>
                {props.values[f.key]}
              </textarea>
            ) : (
              <input id={id} name={f.key} type="text" value={props.values[f.key]} required={f.required} aria-describedby={described} aria-invalid={invalid ? 'true' : undefined} />
            )}
          </p>
        );
      })}
    </>
  );
}

/** A drop-down of [value, label] choices with one chosen; the label and hints are the caller's. */
export function Select(props: { id: string; name: string; options: readonly (readonly [string, string])[]; value: string; disabled?: boolean; describedBy?: string | undefined; invalid?: boolean }) {
  return (
    <select id={props.id} name={props.name} disabled={props.disabled} aria-describedby={props.describedBy} aria-invalid={props.invalid ? 'true' : undefined}>
      {props.options.map(([value, label]) => (
        <option key={value} value={value} selected={props.value === value}>
          {label}
        </option>
      ))}
    </select>
  );
}
