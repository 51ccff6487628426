import type { APIContext } from 'astro';
import type { ApiAnswer } from '../api/client.ts';
import { deskAccess } from './access.ts';

/** A desk form's text field, trimmed; empty when missing. */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The common part of a desk form post: the role check and the form, or the
 * answer to give instead (sign in, or 403 in words).
 */
export async function deskForm(context: APIContext, role: 'admin' | 'gate'): Promise<FormData | Response> {
  const access = await deskAccess(context, role);
  if (access.kind === 'sign_in') return context.redirect(access.path, 303);
  if (access.kind === 'not_allowed') {
    return new Response('Your account is not allowed to do this.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  try {
    return await context.request.formData();
  } catch {
    return new FormData();
  }
}

/** Back to the page, saying what happened (`done`) or why not (`problem`). */
export function backTo(context: APIContext, page: string, answer: ApiAnswer<unknown>, done: string): Response {
  if (answer.kind === 'ok') return context.redirect(`${page}?done=${done}`, 303);
  const problem = answer.kind === 'problem' ? answer.code : answer.kind;
  return context.redirect(`${page}?problem=${encodeURIComponent(problem)}`, 303);
}
