import type { NewsroomContext } from './newsroom-view.js';
import { CsrfField, Notice, NewsroomShell } from './newsroom-shell.js';

// Sign-in, first-run set-up and password reset: small forms with labels, autocomplete
// hints and one message area that screen readers announce.

interface FieldSpec {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text' | 'hidden';
  autocomplete?: string;
  value?: string;
  hint?: string;
  minLength?: number;
  maxLength?: number;
}

export interface AuthFormView {
  title: string;
  intro?: string;
  action: string;
  fields: FieldSpec[];
  submit: string;
  error?: string | null;
  message?: string | null;
  footer?: { label: string; href: string } | null;
}

export function AuthFormPage({ ctx, view }: { ctx: NewsroomContext; view: AuthFormView }) {
  return (
    <NewsroomShell ctx={ctx} title={view.title}>
      <div class="auth-card">
        <h1>{view.title}</h1>
        {view.intro && <p>{view.intro}</p>}
        {view.error && <Notice kind="error">{view.error}</Notice>}
        {view.message && <Notice kind="ok">{view.message}</Notice>}
        <form method="post" action={view.action} class="stack">
          <CsrfField token={ctx.csrf} />
          {view.fields.map((field) =>
            field.type === 'hidden' ? (
              <input type="hidden" name={field.name} value={field.value ?? ''} />
            ) : (
              <p class="field">
                <label for={`f-${field.name}`}>{field.label}</label>
                {field.hint && (
                  <span class="hint" id={`f-${field.name}-hint`}>
                    {field.hint}
                  </span>
                )}
                <input
                  id={`f-${field.name}`}
                  name={field.name}
                  type={field.type}
                  required
                  autocomplete={field.autocomplete}
                  value={field.value}
                  minLength={field.minLength}
                  maxLength={field.maxLength}
                  aria-describedby={field.hint ? `f-${field.name}-hint` : undefined}
                />
              </p>
            ),
          )}
          <p>
            <button type="submit" class="button-primary">
              {view.submit}
            </button>
          </p>
        </form>
        {view.footer && (
          <p>
            <a href={view.footer.href}>{view.footer.label}</a>
          </p>
        )}
      </div>
    </NewsroomShell>
  );
}
